import Foundation

/// Test support shipped as a library (like StoreTesting): a real SMTP server on loopback and the
/// Python checker of received messages, shared by the test targets that send mail.

/// Paths the mail tests need: the repository's scripts and fresh temporary folders.
public enum MailTestPaths {
  /// The repository root, found from this file's path.
  public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  public static func script(_ name: String) -> URL {
    repositoryRoot.appendingPathComponent("scripts").appendingPathComponent(name)
  }

  /// A new empty folder under the system temporary folder.
  public static func temporaryFolder(_ label: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("mail-tests-\(label)-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

/// Debian's python3, the one that can import aiosmtpd.
public let debianPython = "/usr/bin/python3"

/// A helper program failed.
public struct ProcessFailure: Error, CustomStringConvertible {
  public var message: String
  public init(message: String) { self.message = message }
  public var description: String { message }
}

/// Runs a program to completion and returns its standard output; throws if it exits non-zero.
public func runProcess(_ executable: String, _ arguments: [String]) throws -> Data {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executable)
  process.arguments = arguments
  let output = Pipe()
  let errors = Pipe()
  process.standardOutput = output
  process.standardError = errors
  try process.run()
  let data = output.fileHandleForReading.readDataToEndOfFile()
  let errorData = errors.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  guard process.terminationStatus == 0 else {
    throw ProcessFailure(
      message: "\(executable) exited \(process.terminationStatus): "
        + String(decoding: errorData, as: UTF8.self))
  }
  return data
}
