import Foundation

/// Runs scripts/mail-check.py (Python's email package) and headless chromium for the survey
/// email tests. Names start with `EmailTest` because the test target is shared.
enum EmailTestSupport {
  static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("survey-email-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Parses rendered message bytes with the checker.
  static func check(_ data: Data) throws -> EmailTestCheckedMail {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("message.eml")
    try data.write(to: file)
    let output = try run(
      "/usr/bin/python3",
      [repositoryRoot.appendingPathComponent("scripts/mail-check.py").path, file.path])
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    let results = try decoder.decode([EmailTestCheckedMail].self, from: output)
    guard let first = results.first else { throw EmailTestFailure(message: "no result") }
    return first
  }

  /// Runs a program and returns its standard output; throws on a non-zero exit.
  static func run(_ executable: String, _ arguments: [String]) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw EmailTestFailure(message: "\(executable) exited \(process.terminationStatus)")
    }
    return data
  }
}

struct EmailTestFailure: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}

/// The checker's view of one message (see scripts/mail-check.py).
struct EmailTestCheckedMail: Decodable {
  struct Anchor: Decodable {
    var href: String?
    var ariaLabel: String?
    var title: String?
    var text: String
  }
  var defects: [String]
  var subject: String?
  var fromName: String?
  var to: [[String]]
  var messageId: String?
  var listUnsubscribe: String?
  var listUnsubscribePost: String?
  var partTypes: [String]
  var text: String?
  var html: String?
  var textLinks: [String]
  var htmlLinks: [String]
  var htmlAnchors: [Anchor]
  var maxLineLength: Int
  var nonAsciiBytes: Int
}
