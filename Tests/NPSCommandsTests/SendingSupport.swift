import Foundation
import MailTesting
import Testing

/// Runs the built `nps` binary and the loopback SMTP sink for the sending tests.
enum SendingProcess {
  /// The `nps` executable: `NPS_BINARY`, else beside the test bundle, else `.build/debug/nps`.
  static var binary: String {
    if let path = ProcessInfo.processInfo.environment["NPS_BINARY"] { return path }
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("nps").path
    if FileManager.default.isExecutableFile(atPath: beside) { return beside }
    return TestPaths.packageRoot.appendingPathComponent(".build/debug/nps").path
  }

  static func temporaryFolder(_ label: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("sending-cli-\(label)-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// The environment of a service in `folder`: its own data folder, nothing inherited.
  static func environment(data folder: URL, extra: [String: String] = [:]) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("NPS_") }
    environment["NPS_DATA_DIR"] = folder.path
    environment.merge(extra) { _, new in new }
    return environment
  }

  /// Runs `nps ARGUMENTS` to completion: status, stdout, stderr.
  @discardableResult
  static func run(_ arguments: [String], environment: [String: String]) throws -> (
    Int32, String, String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
      process.terminationStatus, String(decoding: output, as: UTF8.self),
      String(decoding: errors, as: UTF8.self)
    )
  }

  /// Starts `nps ARGUMENTS` in the background, its output into `log`.
  static func spawn(_ arguments: [String], environment: [String: String], log: URL) throws
    -> Process
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    process.environment = environment
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    handle.seekToEndOfFile()
    process.standardOutput = handle
    process.standardError = handle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// Ends a spawned process (SIGTERM) if it still runs and waits for it: for a `defer` right
  /// after ``spawn(_:environment:log:)``, so a test that fails half-way leaves no process
  /// behind.
  static func stop(_ process: Process) {
    guard process.isRunning else { return }
    process.terminate()
    process.waitUntilExit()
  }

  /// Polls `condition` every 10 ms until it holds or `seconds` pass; returns whether it held.
  static func waitFor(seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if try condition() { return true }
      Thread.sleep(forTimeInterval: 0.01)
    }
    return try condition()
  }

  /// A free loopback TCP port (bound, read, released).
  static func freePort() throws -> Int {
    let script = """
      import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])
      """
    let (_, out) = try runTool("/usr/bin/python3", ["-c", script])
    return Int(out.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
  }

  /// Runs a tool and returns its status and stdout.
  @discardableResult
  static func runTool(_ executable: String, _ arguments: [String]) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  /// The Message-ID header of every .eml file in `folder`.
  static func messageIDs(in folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".eml") && !$0.hasPrefix(".") }
      .compactMap { name in
        let text = try String(
          contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        return text.split(separator: "\r\n").first { $0.lowercased().hasPrefix("message-id:") }
          .map { String($0.dropFirst("message-id:".count)).trimmingCharacters(in: .whitespaces) }
      }
  }
}

/// scripts/smtp-test-server.py (aiosmtpd) on a free loopback port (MailTesting's server).
typealias SendingSink = SMTPTestServer
