import Foundation
import Testing

@testable import SurveyService

/// Where the service's secret comes from: the data folder by default, or one shared file.
@Suite struct SecretKeyTests {
  static func folder() throws -> String {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("nps-secret-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func theDataFolderKeyIsCreatedOnceThenKept() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let configuration = ServiceConfiguration(dataDirectory: folder)
    let first = try SecretKey.load(for: configuration)
    let second = try SecretKey.load(for: configuration)
    #expect(first.bytes.count == 32)
    #expect(first.bytes == second.bytes)
    let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/secret.key")
    #expect((attributes[.posixPermissions] as? Int) == 0o600)
  }

  @Test func aSharedKeyFileIsReadAndNeverCreated() throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let shared = folder + "/shared.key"
    let bytes = (0..<32).map { UInt8($0 * 7 % 256) }
    try Data(bytes).write(to: URL(fileURLWithPath: shared))
    let configuration = try ServiceConfiguration.load(
      environment: ["NPS_DATA_DIR": folder + "/node", "NPS_SECRET_KEY_FILE": shared])
    #expect(configuration.secretKeyFile == shared)
    #expect(try SecretKey.load(for: configuration).bytes == bytes)
    #expect(!FileManager.default.fileExists(atPath: folder + "/node/secret.key"))

    let missing = ServiceConfiguration(dataDirectory: folder, secretKeyFile: folder + "/none.key")
    let error = try #require(throws: ConfigurationError.self) {
      try SecretKey.load(for: missing)
    }
    #expect("\(error)".contains("NPS_SECRET_KEY_FILE: cannot read \(folder)/none.key"))
    #expect(!FileManager.default.fileExists(atPath: folder + "/none.key"))

    try Data(bytes.prefix(31)).write(to: URL(fileURLWithPath: shared))
    #expect(throws: ConfigurationError.self) { try SecretKey.load(for: configuration) }
  }
}
