import Foundation
import Mail

/// scripts/smtp-test-server.py (aiosmtpd) running on a free loopback port for one test.
///
/// Recipients starting with `reject` get 550, with `tempfail` 451. Messages land in ``folder``.
public final class SMTPTestServer {
  public let folder: URL
  public let port: Int
  private let process: Process
  private let input: Pipe

  /// How the test server offers TLS.
  public enum TLS: Sendable {
    case none
    case startTLS
    case implicit
  }

  public init(auth: String? = nil, tls: TLS = .none) throws {
    folder = try MailTestPaths.temporaryFolder("smtp")
    process = Process()
    process.executableURL = URL(fileURLWithPath: debianPython)
    var arguments = [MailTestPaths.script("smtp-test-server.py").path, folder.path]
    if let auth { arguments += ["--auth", auth] }
    if tls != .none {
      let certificate = folder.appendingPathComponent("cert.pem").path
      let key = folder.appendingPathComponent("key.pem").path
      _ = try runProcess(
        "/usr/bin/openssl",
        [
          "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
          "-keyout", key, "-out", certificate,
        ])
      arguments += [tls == .startTLS ? "--starttls" : "--implicit-tls", certificate, key]
    }
    process.arguments = arguments
    input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    // The server's own log (tracebacks of refused TLS handshakes, for one) stays out of the test
    // output, in the message folder.
    let logURL = folder.appendingPathComponent("server.log")
    _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
    process.standardError = try FileHandle(forWritingTo: logURL)
    try process.run()
    // The first line of output is the port; reading blocks until the server listens.
    var line = Data()
    while !line.contains(0x0A) {
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      line.append(chunk)
    }
    guard
      let port = Int(
        String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    else {
      process.terminate()
      throw ProcessFailure(message: "the SMTP test server did not start")
    }
    self.port = port
  }

  /// Stops the server (closing its stdin ends it) and waits for it.
  public func stop() {
    guard process.isRunning else { return }
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
  }

  deinit {
    stop()
    try? FileManager.default.removeItem(at: folder)
  }

  /// The peers.log lines: one per accepted message, `host:port from rcpts`.
  public func peers() throws -> [String] {
    let url = folder.appendingPathComponent("peers.log")
    guard FileManager.default.fileExists(atPath: url.path) else { return [] }
    return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
  }

  /// The accepted messages, parsed by the checker.
  public func received() throws -> [CheckedMail] { try MailCheck.run([folder]) }

  /// An SMTP configuration for this server, without TLS.
  public func configuration(username: String? = nil, password: String? = nil) -> SMTPConfiguration {
    SMTPConfiguration(
      host: "127.0.0.1", port: port, security: SMTPConfiguration.Security.none, username: username,
      password: password, connectTimeout: .seconds(5), totalTimeout: .seconds(20))
  }

  /// A transport to this server, without TLS.
  public func transport() throws -> SMTPTransport {
    try SMTPTransport(configuration: configuration())
  }

  /// How many messages the server has accepted so far.
  public var messageCount: Int {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
      .filter { $0.hasSuffix(".eml") && !$0.hasPrefix(".") }.count
  }
}
