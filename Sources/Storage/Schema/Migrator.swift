import Foundation

/// Brings a database to the schema this binary knows, and refuses a newer one.
public struct Migrator: Sendable {
  public let migrations: [Migration]

  /// The newest version among the migrations.
  public var latestVersion: Int { migrations.map(\.version).max() ?? 0 }

  public init(migrations: [Migration] = Schema.migrations) {
    self.migrations = migrations.sorted { $0.version < $1.version }
  }

  /// The version recorded in the database: 0 for an empty database.
  public func schemaVersion(_ database: any Database) throws -> Int {
    try database.read { connection in try Self.recordedVersion(connection) }
  }

  /// Throws `.schemaTooNew` when the database was migrated by a newer binary.
  public func checkNotNewer(_ database: any Database) throws {
    let found = try schemaVersion(database)
    if found > latestVersion { throw tooNew(found) }
  }

  /// Applies the pending migrations, each in its own transaction, and returns their versions.
  /// Safe to run from several processes at once (PostgreSQL: an advisory lock; SQLite: the
  /// single writer). Throws `.schemaTooNew` before changing anything when the schema is newer.
  @discardableResult
  public func migrate(_ database: any Database, now: Date = Date()) throws -> [Int] {
    // Up to date (every start but the first after an upgrade): nothing to write, so no write
    // lock is taken, and a command does not wait on another process's long transaction (an
    // `nps report` beside an import gave up after the 5 s busy timeout).
    let current = try schemaVersion(database)
    if current > latestVersion { throw tooNew(current) }
    if current == latestVersion { return [] }
    try database.write { connection in
      try Self.lock(connection)
      try connection.executeUnsafeScript(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY,"
          + " name TEXT NOT NULL, applied_at BIGINT NOT NULL)")
    }
    var applied: [Int] = []
    for migration in migrations {
      let ran = try database.write { connection -> Bool in
        try Self.lock(connection)
        let current = try Self.recordedVersion(connection)
        if current > latestVersion { throw tooNew(current) }
        guard current < migration.version else { return false }
        do {
          try connection.executeUnsafeScript(migration.script(connection.dialect))
          try connection.execute(
            """
            INSERT INTO schema_migrations (version, name, applied_at)
            VALUES (\(migration.version), \(migration.name), \(now))
            """)
        } catch let error as StorageError {
          // A lock, a full disk or a lost connection stays what it is: the next run may pass.
          let passing: [StorageError.Code] = [.busy, .full, .ioError, .connectionLost]
          throw StorageError(
            passing.contains(error.code) ? error.code : .migrationFailed,
            "migration \(migration.version) (\(migration.name)) failed; the schema is unchanged",
            detail: error.debugDescription)
        }
        return true
      }
      if ran { applied.append(migration.version) }
    }
    return applied
  }

  private func tooNew(_ found: Int) -> StorageError {
    StorageError(
      .schemaTooNew,
      "the database schema is version \(found), newer than this program knows (\(latestVersion));"
        + " upgrade nps before using this database")
  }

  /// Serialises migrations between processes on PostgreSQL (SQLite's writer already does).
  private static func lock(_ connection: any DatabaseConnection) throws {
    if connection.dialect == .postgres {
      _ = try connection.query("SELECT pg_advisory_xact_lock(7250011)")
    }
  }

  static func recordedVersion(_ connection: any DatabaseConnection) throws -> Int {
    let exists: SQLQuery =
      switch connection.dialect {
      case .sqlite:
        "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
      case .postgres:
        "SELECT count(*) AS n FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_migrations'"
      }
    guard try connection.queryFirst(exists)?.int("n") ?? 0 > 0 else { return 0 }
    let row = try connection.queryFirst("SELECT max(version) AS v FROM schema_migrations")
    return Int(row?.optionalInt("v") ?? 0)
  }
}
