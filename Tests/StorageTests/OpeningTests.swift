import Dispatch
import Foundation
import NPSCore
import StoreTesting
import Synchronization
import Testing

@testable import Storage

@Suite struct OpeningTests {
  @Test func urlsNameTheRightStore() throws {
    #expect(
      try StoreFactory.location(of: "sqlite:///var/lib/nps/nps.db")
        == .sqlite(path: "/var/lib/nps/nps.db"))
    #expect(try StoreFactory.location(of: "sqlite:data/nps.db") == .sqlite(path: "data/nps.db"))
    #expect(try StoreFactory.location(of: "/tmp/x.db") == .sqlite(path: "/tmp/x.db"))
    #expect(
      try StoreFactory.location(of: "postgres://nps:secret@db.internal:5433/nps")
        == .postgres(
          url: "postgres://nps:secret@db.internal:5433/nps", description: "db.internal:5433/nps"))
    #expect(
      try StoreFactory.location(of: "postgresql://db/nps")
        == .postgres(url: "postgresql://db/nps", description: "db/nps"))
    // A scheme in capitals is the same scheme; libpq is given it in lower case.
    #expect(
      try StoreFactory.location(of: "POSTGRES://nps@Db.Internal/NPS")
        == .postgres(url: "postgres://nps@Db.Internal/NPS", description: "Db.Internal/NPS"))
  }

  /// A value without a scheme is a SQLite file only when it looks like one; a mistyped
  /// PostgreSQL URL is an error, not a new empty SQLite file under that name.
  @Test func plainPathsMustLookLikeFiles() throws {
    #expect(try StoreFactory.location(of: "./data/nps.db") == .sqlite(path: "./data/nps.db"))
    #expect(try StoreFactory.location(of: "nps.sqlite") == .sqlite(path: "nps.sqlite"))
    #expect(try StoreFactory.location(of: "../x.sqlite3") == .sqlite(path: "../x.sqlite3"))
    for typo in [
      "postgres//bad", "postgres:/127.0.0.1/trial2", "postgres@127.0.0.1:43737/trial2",
      "127.0.0.1:43737/trial2", "nps", "data/nps",
    ] {
      let error = try #require(throws: StorageError.self, "\(typo)") {
        _ = try StoreFactory.location(of: typo)
      }
      #expect(error.code == .badURL)
      #expect(error.description.hasPrefix("the database URL is neither a postgres:// URL nor"))
    }
  }

  @Test(arguments: [
    "", "mysql://localhost/nps", "postgres://", "postgres://user:pw@/db", "sqlite://",
    "postgres//user:pw@host/db",
  ])
  func malformedURLsGiveOneClearError(url: String) throws {
    let error = try #require(throws: StorageError.self) { _ = try StoreFactory.open(url: url) }
    #expect(error.code == .badURL)
    #expect(!error.description.contains("pw"))
  }

  @Test func anUnreachablePostgresGivesOneClearErrorWithoutThePassword() throws {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    let error = try #require(throws: StorageError.self) {
      _ = try StoreFactory.open(url: "postgres://nps:hunter2@127.0.0.1:1/nps")
    }
    #expect(error.code == .cannotOpen)
    #expect(
      error.description == "cannot connect to PostgreSQL at 127.0.0.1:1/nps: Connection refused")
    #expect(!error.debugDescription.contains("hunter2"))
  }

  /// The reason libpq gives is part of the one line (an unknown database, a bad sslmode),
  /// against the real server of the test run.
  /// An option value libpq refuses (it checks them only when connecting) is a wrong setting
  /// (`.badURL`, exit 78), not a server that cannot be reached (`.cannotOpen`, 69).
  @Test func anOptionLibpqRefusesIsABadURL() throws {
    let error = try #require(throws: StorageError.self) {
      _ = try StoreFactory.open(url: "postgres://nps:hunter2@127.0.0.1:1/nps?sslmode=bogus")
    }
    #expect(error.code == .badURL)
    #expect(
      error.message
        == "the PostgreSQL URL has an option libpq refuses: invalid sslmode value: \"bogus\"")
    #expect(!error.debugDescription.contains("hunter2"))
  }

  @Test func aConnectionErrorSaysWhyWithoutThePassword() throws {
    guard let base = TestEnvironment.postgresURL, var components = URLComponents(string: base)
    else {
      #expect(!TestEnvironment.postgresRequired, "NPS_TEST_POSTGRES_URL is not set")
      return
    }
    components.path = "/nps_no_such_database"
    components.password = "hunter2"
    let unknown = try #require(throws: StorageError.self) {
      _ = try StoreFactory.open(url: components.string!)
    }
    #expect(unknown.description.hasSuffix(": database \"nps_no_such_database\" does not exist"))
    #expect(!unknown.description.contains("hunter2"))
    components.path = URLComponents(string: base)!.path
    components.password = nil
    components.query = "sslmode=bogus"
    let sslmode = try #require(throws: StorageError.self) {
      _ = try StoreFactory.open(url: components.string!)
    }
    #expect(sslmode.description.contains("bogus"), "\(sslmode.description)")
    #expect(
      PostgresConnection.reason(
        libpqMessage:
          "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  role \"x\" does not exist\n"
      )
        == "role \"x\" does not exist")
  }

  @Test func anUnwritableSQLitePathGivesOneClearError() throws {
    let missing = "/nonexistent-\(UUID().uuidString)/nps.db"
    let error = try #require(throws: StorageError.self) {
      _ = try StoreFactory.open(url: "sqlite://" + missing)
    }
    #expect(error.code == .cannotOpen)
    #expect(error.description == "cannot open the SQLite database at \(missing)")

    // A directory where the file should be.
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let second = try #require(throws: StorageError.self) {
      _ = try StoreFactory.open(url: directory.path)
    }
    #expect(second.code == .cannotOpen)
  }

  @Test func postgresIsPresentWhenPromised() throws {
    guard TestEnvironment.postgresRequired else { return }
    let url = try #require(
      TestEnvironment.postgresURL, "NPS_REQUIRE_POSTGRES=1 needs NPS_TEST_POSTGRES_URL")
    let connection = try PostgresConnection(url: url, serverDescription: "test server")
    defer { connection.close() }
    #expect(try connection.queryFirst("SELECT 1 + 1 AS two")?.int("two") == 2)
  }

  @Test(arguments: StoreKind.allCases)
  func manyThreadsReadAndWriteAtOnce(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let survey = try #require(try store.survey(slug: "default"))
      let failures = Mutex<[String]>([])
      DispatchQueue.concurrentPerform(iterations: 8) { thread in
        do {
          for index in 0..<40 {
            _ = try store.recordResponse(
              NewResponse(
                surveyID: survey.id, externalID: "t\(thread)-\(index)",
                score: try .init(index % 11),
                respondedAt: testNow, source: .api), now: testNow)
            _ = try store.tallies(
              surveyID: survey.id, ranges: [testNow..<testNow.addingTimeInterval(1)], segment: nil)
          }
        } catch {
          failures.withLock { $0.append(String(reflecting: error)) }
        }
      }
      #expect(failures.withLock { $0 } == [])
      let tally = try store.tallies(
        surveyID: survey.id, ranges: [testNow..<testNow.addingTimeInterval(1)], segment: nil)[0]
      #expect(tally.n == 320)
      // Per thread, scores 0...10 cycle over 40 responses: 0-10, 0-10, 0-10, 0-6.
      // Per thread: promoters (9, 10) 3 each = 6, passives (7, 8) 6, detractors 40 - 12 = 28.
      #expect(tally == Tally(promoters: 48, passives: 48, detractors: 224))
    }
  }

  @Test func postgresReconnectsAfterItsConnectionsAreKilled() throws {
    guard let base = TestEnvironment.postgresURL else {
      if TestEnvironment.postgresRequired { Issue.record("NPS_TEST_POSTGRES_URL is not set") }
      return
    }
    let database = try PostgresDatabase(url: base, serverDescription: "test server", size: 2)
    defer { database.close() }
    let pid = try database.read { try $0.queryFirst("SELECT pg_backend_pid() AS pid")?.int("pid") }
    let admin = try PostgresConnection(url: base, serverDescription: "test server")
    defer { admin.close() }
    _ = try admin.query("SELECT pg_terminate_backend(CAST(\(try #require(pid)) AS INTEGER))")
    // The pooled connection is dead; the next read reconnects and succeeds.
    let newPID = try database.read {
      try $0.queryFirst("SELECT pg_backend_pid() AS pid")?.int("pid")
    }
    #expect(newPID != nil)
    #expect(newPID != pid)
  }
}
