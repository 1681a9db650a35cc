import Foundation
import MailTesting

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
    try MailCheck.run(bytes: data)
  }

}

/// The checker's view of one message (MailTesting's `CheckedMail`).
typealias EmailTestCheckedMail = CheckedMail
