import Foundation

/// The store on a SQL database: the same SQL on SQLite and PostgreSQL, apart from full-text
/// search, row locking for leases and a few column types (see ``SQLDialect``).
public final class SQLStore: Store {
  /// The connections; exposed for tools and tests that need raw access.
  public let database: any Database
  let migrator: Migrator
  /// Every write of the store goes through it: concurrent writes share transactions.
  let commits: GroupCommit

  /// A store on an open database. Call ``migrate(now:)`` (or use ``StoreFactory``) before use.
  public init(database: any Database, migrator: Migrator = Migrator()) {
    self.database = database
    self.migrator = migrator
    commits = GroupCommit(database: database)
  }

  public var dialect: SQLDialect { database.dialect }

  @discardableResult
  public func migrate(now: Date) throws -> [Int] {
    try migrator.migrate(database, now: now)
  }

  public func schemaVersion() throws -> Int {
    try migrator.schemaVersion(database)
  }

  public func optimize() throws {
    try database.maintain { connection in
      switch connection.dialect {
      case .sqlite:
        // Statistics from a sample of each index (at most 2,000 rows read per index), so it
        // costs milliseconds at 10M responses instead of reading every index whole.
        try connection.executeUnsafeScript("PRAGMA analysis_limit=2000; ANALYZE;")
      case .postgres:
        // VACUUM marks the rollup pages all-visible, so reports read the rollups key alone
        // (index-only scans; after a bulk load they fetched every row from the table too).
        // One statement per call: several in one call run as one transaction, which VACUUM
        // refuses.
        try connection.executeUnsafeScript("VACUUM (ANALYZE) rollups")
        try connection.executeUnsafeScript("ANALYZE")
      }
    }
  }

  public func close() {
    database.close()
  }

  func read<T: Sendable>(_ body: (any DatabaseConnection) throws -> T) throws -> T {
    try database.read(body)
  }

  /// Runs `body` in a transaction, shared with concurrent writers' bodies (``GroupCommit``):
  /// it returns once committed, and throws what running `body` alone would throw. `body` may
  /// run more than once, so it must act only on the connection and through its result.
  @discardableResult
  func write<T: Sendable>(_ body: (any DatabaseConnection) throws -> T) throws -> T {
    try commits.write(body)
  }
}

extension Int64 {
  /// Integer division rounding toward minus infinity (SQL's `/` truncates toward zero).
  func floorDivided(by divisor: Int64) -> Int64 {
    let quotient = self / divisor
    return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
  }
}
