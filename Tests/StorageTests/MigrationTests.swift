import Foundation
import StoreTesting
import Testing

@testable import Storage

@Suite struct MigrationTests {
  @Test(arguments: StoreKind.allCases)
  func migrationsAreIdempotentAndSeedTheDefaultSurvey(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      #expect(try store.schemaVersion() == Schema.latestVersion)
      #expect(try store.migrate(now: testNow) == [])
      let survey = try #require(try store.survey(slug: "default"))
      #expect(survey.throttleDays == 90)
      #expect(survey.reminderDays == 3)
      #expect(survey.sampleRate == 1.0)
      #expect(survey.closeAfterDays == 30)
      #expect(survey.language == "en")
      #expect(survey.publicPage == false)
      #expect(survey.question == "How likely are you to recommend us to a friend or colleague?")
      #expect(try store.surveys().count == 1)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func refusesASchemaNewerThanItKnows(kind: StoreKind) throws {
    try withStore(kind) { store, url in
      try store.database.write { connection in
        try connection.execute(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(999), 'future', 0)"
        )
      }
      let error = try #require(throws: StorageError.self) {
        _ = try StoreFactory.open(url: url)
      }
      #expect(error.code == .schemaTooNew)
      #expect(error.description.contains("999"))
      #expect(throws: StorageError.self) { try store.migrate(now: testNow) }
    }
  }

  @Test(arguments: StoreKind.allCases)
  func aFailedMigrationLeavesTheSchemaAsItWas(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let latest = Schema.latestVersion
      let broken = Migration(version: latest + 1, name: "broken") { _ in
        """
        CREATE TABLE half_done (id BIGINT);
        ALTER TABLE contacts ADD COLUMN nickname TEXT;
        INSERT INTO no_such_table VALUES (1);
        """
      }
      let migrator = Migrator(migrations: Schema.migrations + [broken])
      let error = try #require(throws: StorageError.self) {
        try migrator.migrate(store.database, now: testNow)
      }
      #expect(error.code == .migrationFailed)
      #expect(try store.schemaVersion() == latest)
      // The table and column of the failed step do not exist.
      #expect(throws: StorageError.self) {
        try store.database.read { try $0.query("SELECT * FROM half_done") }
      }
      #expect(throws: StorageError.self) {
        try store.database.read { try $0.query("SELECT nickname FROM contacts") }
      }
      // The store still works.
      _ = try store.upsertContact(ContactInput(email: "a@example.com"), now: testNow)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func anEmptyDatabaseReportsVersionZeroBeforeMigrating(kind: StoreKind) throws {
    try withStore(kind, migrate: false) { store, _ throws in
      #expect(try store.schemaVersion() == 0)
      #expect(try store.migrate(now: testNow) == Schema.migrations.map(\.version))
      #expect(Schema.migrations.map(\.version) == Array(1...Schema.latestVersion))
      #expect(try store.schemaVersion() == Schema.latestVersion)
    }
  }
}
