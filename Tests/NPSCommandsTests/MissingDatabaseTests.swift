import Foundation
import StoreTesting
import Testing

/// A SQLite file that does not exist is a mistyped `--database` or `NPS_DATA_DIR` for every
/// command that reads or changes what is there: refused (66, naming the path) and nothing is
/// created. Commands that set up or add still create it.
@Suite struct MissingDatabaseTests {
  /// The commands that need an existing database, as a user types them.
  static let needExisting: [[String]] = [
    ["report", "--survey", "default"], ["export", "responses", "--survey", "default"],
    ["survey", "list"], ["survey", "show", "default"], ["decisions", "X-1"],
    ["apikey", "list"], ["apikey", "revoke", "1"], ["user", "list"],
    ["webhook", "list"], ["webhook", "deliveries", "1"], ["webhook", "remove", "1"],
    ["rollups", "rebuild"],
  ]

  func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("nps-missing-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  @Test(arguments: needExisting)
  func aMissingDatabaseIsRefusedAndNothingIsCreated(command: [String]) throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("typo/x.db").path
    let run = CommandRun(command + ["--database", path])
    #expect(run.status == .noInput, "\(run.err)")
    #expect(
      run.err
        == "nps \(command[0]): no database at \(path) (check --database, NPS_DATABASE_URL or "
        + "NPS_DATA_DIR; nps migrate creates a new one)\n")
    #expect(run.out.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("typo").path))
    // The same through a sqlite: URL.
    let url = CommandRun(command + ["--database", "sqlite://" + path])
    #expect(url.status == .noInput)
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("typo").path))
  }

  /// A mistyped data folder: the default database in it does not exist.
  @Test func aMistypedDataFolderIsRefused() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let typo = folder.appendingPathComponent("typo")
    let environment = SendingProcess.environment(data: typo)
    let (status, out, err) = try SendingProcess.run(
      ["report", "--survey", "default"], environment: environment)
    #expect(status == 66)
    #expect(out.isEmpty)
    #expect(err.hasPrefix("nps report: no database at \(typo.path)/nps.sqlite "), "\(err)")
    #expect(!FileManager.default.fileExists(atPath: typo.path))
  }

  /// Commands that set up or add create the database (and its folder), and the reading
  /// commands then read it.
  @Test func settingUpCreatesTheDatabase() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    for (index, command) in [
      ["migrate"], ["survey", "create", "s"], ["apikey", "create", "--scope", "read"],
      ["webhook", "add", "https://example.com/hook"],
    ].enumerated() {
      let path = folder.appendingPathComponent("new\(index)/x.db").path
      let run = CommandRun(command + ["--database", path])
      #expect(run.status == .success, "\(command): \(run.err)")
      #expect(FileManager.default.fileExists(atPath: path), "\(command)")
      let list = CommandRun(["survey", "list", "--database", path])
      #expect(list.status == .success)
      #expect(list.out.hasPrefix("default\t"))
    }
  }
}
