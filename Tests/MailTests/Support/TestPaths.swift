import Foundation

/// Paths the tests need: the repository's scripts and fresh temporary folders.
enum TestPaths {
  /// The repository root, found from this file's path.
  static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static func script(_ name: String) -> URL {
    repositoryRoot.appendingPathComponent("scripts").appendingPathComponent(name)
  }

  /// A new empty folder under the system temporary folder.
  static func temporaryFolder(_ label: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("mail-tests-\(label)-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

/// Debian's python3, the one that can import aiosmtpd.
let debianPython = "/usr/bin/python3"
