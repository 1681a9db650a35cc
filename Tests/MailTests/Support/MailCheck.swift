import Foundation

/// What scripts/mail-check.py (Python's email package, policy=default) read from one message.
struct CheckedMail: Decodable {
  struct Anchor: Decodable {
    var href: String?
    var ariaLabel: String?
    var title: String?
    var text: String
  }
  var file: String
  var defects: [String]
  var subject: String?
  var fromName: String?
  var fromAddress: String?
  var to: [[String]]
  var replyTo: String?
  var messageId: String?
  var date: String?
  var listUnsubscribe: String?
  var listUnsubscribePost: String?
  var mimeVersion: String?
  var contentType: String
  var partTypes: [String]
  var text: String?
  var html: String?
  var textLinks: [String]
  var htmlLinks: [String]
  var htmlAnchors: [Anchor]
  var headers: [String: [String]]
  var maxLineLength: Int
  var bareLineFeeds: Int
  var nonAsciiBytes: Int
}

enum MailCheck {
  /// Parses every .eml in `paths` (files or folders) with the Python checker.
  static func run(_ paths: [URL]) throws -> [CheckedMail] {
    let output = try runProcess(
      debianPython, [TestPaths.script("mail-check.py").path] + paths.map(\.path))
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode([CheckedMail].self, from: output)
  }

  /// Renders `data` to a temporary file and checks it.
  static func run(bytes data: Data) throws -> CheckedMail {
    let folder = try TestPaths.temporaryFolder("check")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("message.eml")
    try data.write(to: file)
    let results = try run([file])
    guard let first = results.first else { throw ProcessFailure(message: "no result") }
    return first
  }
}

struct ProcessFailure: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}

/// Runs a program to completion and returns its standard output; throws if it exits non-zero.
func runProcess(_ executable: String, _ arguments: [String]) throws -> Data {
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
