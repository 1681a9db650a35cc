import Foundation

/// What scripts/mail-check.py (Python's email package, policy=default) read from one message.
public struct CheckedMail: Decodable, Sendable {
  public struct Anchor: Decodable, Sendable {
    public var href: String?
    public var ariaLabel: String?
    public var title: String?
    public var text: String
  }
  public var file: String
  public var defects: [String]
  public var subject: String?
  public var fromName: String?
  public var fromAddress: String?
  public var to: [[String]]
  public var replyTo: String?
  public var messageId: String?
  public var date: String?
  public var listUnsubscribe: String?
  public var listUnsubscribePost: String?
  public var mimeVersion: String?
  public var contentType: String
  public var partTypes: [String]
  public var text: String?
  public var html: String?
  public var textLinks: [String]
  public var htmlLinks: [String]
  public var htmlAnchors: [Anchor]
  public var headers: [String: [String]]
  public var maxLineLength: Int
  public var bareLineFeeds: Int
  public var nonAsciiBytes: Int
}

public enum MailCheck {
  /// Parses every .eml in `paths` (files or folders) with the Python checker.
  public static func run(_ paths: [URL]) throws -> [CheckedMail] {
    let output = try runProcess(
      debianPython, [MailTestPaths.script("mail-check.py").path] + paths.map(\.path))
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode([CheckedMail].self, from: output)
  }

  /// Renders `data` to a temporary file and checks it.
  public static func run(bytes data: Data) throws -> CheckedMail {
    let folder = try MailTestPaths.temporaryFolder("check")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("message.eml")
    try data.write(to: file)
    let results = try run([file])
    guard let first = results.first else { throw ProcessFailure(message: "no result") }
    return first
  }
}
