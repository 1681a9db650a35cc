import Synchronization

/// One open connection to a database. Used by one thread at a time: the owning
/// ``Database`` hands it out exclusively, and every entry point traps if that rule is broken.
public protocol DatabaseConnection: AnyObject {
  var dialect: SQLDialect { get }

  /// Runs a statement and returns the number of rows it changed.
  @discardableResult
  func execute(_ query: SQLQuery) throws -> Int

  /// Runs a statement and returns its rows.
  func query(_ query: SQLQuery) throws -> [SQLRow]

  /// Runs several trusted statements without parameters (schema scripts only).
  func executeUnsafeScript(_ sql: String) throws
}

extension DatabaseConnection {
  /// The first row, or nil.
  public func queryFirst(_ query: SQLQuery) throws -> SQLRow? {
    try self.query(query).first
  }
}

/// A database: hands out connections for reads, and runs writes in a transaction.
public protocol Database: Sendable {
  var dialect: SQLDialect { get }

  /// Runs `body` on a connection that sees all committed data. Do not write in it.
  func read<T: Sendable>(_ body: (any DatabaseConnection) throws -> T) throws -> T

  /// Runs `body` in one transaction: all its changes commit together, or none when it throws.
  /// On SQLite only one write transaction runs at a time.
  @discardableResult
  func write<T: Sendable>(_ body: (any DatabaseConnection) throws -> T) throws -> T

  /// Runs maintenance statements (statistics, vacuum): on PostgreSQL on a pooled connection
  /// outside any transaction (`VACUUM` refuses one), on SQLite on the writer in a transaction.
  func maintain(_ body: (any DatabaseConnection) throws -> Void) throws

  /// Closes every connection. Later calls fail.
  func close()
}

/// Traps when two threads use one connection at once: the threading rule of every C handle.
struct ExclusiveUse: ~Copyable {
  private let busy = Atomic<Bool>(false)

  init() {}

  /// Runs `body`, trapping if another thread is inside this connection.
  func run<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
    let (exchanged, _) = busy.compareExchange(
      expected: false, desired: true, ordering: .acquiring)
    precondition(exchanged, "a database connection was used by two threads at once")
    defer { busy.store(false, ordering: .releasing) }
    return try body()
  }
}
