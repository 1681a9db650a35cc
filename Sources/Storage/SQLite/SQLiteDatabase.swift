import Foundation
import Synchronization

/// A SQLite file shared by the threads of one process: one writer connection behind a mutex
/// (SQLite allows one writer; two writer connections busy-wait, see NOTES.md), reader
/// connections handed out without a lock (``SQLiteReaderPool``), which WAL lets read while the
/// writer writes, and a checkpointer that
/// copies the WAL into the file on its own thread (``SQLiteCheckpointer``).
public final class SQLiteDatabase: Database {
  public let dialect = SQLDialect.sqlite
  public let path: String
  private let writer: Mutex<SQLiteConnection?>
  /// Checkpoints the WAL off the writer's path (the writer's hook asks it); closed after it.
  let checkpointer: SQLiteCheckpointer
  let readers: SQLiteReaderPool
  private let closed = Atomic<Bool>(false)

  /// Opens or creates the database file. Throws `.cannotOpen` with one clear message when the
  /// file cannot be opened for writing.
  public convenience init(path: String) throws {
    try self.init(path: path, checkpointFrames: SQLiteConnection.checkpointPages)
  }

  /// The same, with the checkpointer asked after `checkpointFrames` WAL frames (tests use
  /// small values).
  init(path: String, checkpointFrames: Int) throws {
    self.path = path
    checkpointer = SQLiteCheckpointer(path: path, requestFrames: checkpointFrames)
    let connection = try SQLiteConnection(path: path)
    try connection.routeCheckpoints(to: checkpointer)
    writer = Mutex(connection)
    readers = SQLiteReaderPool(path: path)
  }

  deinit { close() }

  public func maintain(_ body: (any DatabaseConnection) throws -> Void) throws {
    try write(body)
  }

  public func read<T: Sendable>(_ body: (any DatabaseConnection) throws -> T) throws -> T {
    let reader = try readers.take()
    defer { readers.giveBack(reader) }
    // One read transaction: every query of `body` sees the same snapshot, and the reader
    // checks the WAL once instead of once per statement.
    return try Self.transaction(reader.connection, begin: "BEGIN", body)
  }

  @discardableResult
  public func write<T: Sendable>(_ body: (any DatabaseConnection) throws -> T) throws -> T {
    try writer.withLock { connection throws -> T in
      guard let connection else { throw StorageError(.cannotOpen, "the database is closed") }
      // IMMEDIATE takes the write lock now, so the transaction never fails half-way on it.
      return try Self.transaction(connection, begin: "BEGIN IMMEDIATE", body)
    }
  }

  /// Runs `body` between `begin` and `COMMIT`; rolls back and rethrows when it throws.
  private static func transaction<T>(
    _ connection: SQLiteConnection, begin: SQLQuery, _ body: (any DatabaseConnection) throws -> T
  ) throws -> T {
    try connection.execute(begin)
    do {
      let result = try body(connection)
      try connection.execute("COMMIT")
      return result
    } catch {
      _ = try? connection.execute("ROLLBACK")
      throw error
    }
  }

  public func close() {
    guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
    writer.withLock { connection in
      connection?.close()
      connection = nil
    }
    checkpointer.stop()
    readers.close()
  }
}
