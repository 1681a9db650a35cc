import Dispatch
import Foundation
import Synchronization

/// A pool of libpq connections to one PostgreSQL database.
///
/// At most `size` connections are open; a caller waits for a free one. A connection found
/// broken is reset (reconnected) before use, and an operation that loses its connection before
/// committing is retried once on a fresh one.
public final class PostgresDatabase: Database {
  public let dialect = SQLDialect.postgres
  private let url: String
  private let serverDescription: String
  private let idle = Mutex<[PostgresConnection]>([])
  private let slots: DispatchSemaphore
  private let closed = Atomic<Bool>(false)

  /// Connects once to check the URL and the server; throws `.badURL` or `.cannotOpen`.
  public init(url: String, serverDescription: String, size: Int = 8) throws {
    self.url = url
    self.serverDescription = serverDescription
    slots = DispatchSemaphore(value: max(1, size))
    let first = try PostgresConnection(url: url, serverDescription: serverDescription)
    idle.withLock { $0.append(first) }
  }

  deinit { close() }

  public func read<T: Sendable>(_ body: (any DatabaseConnection) throws -> T) throws -> T {
    try withConnection { connection in try body(connection) }
  }

  public func maintain(_ body: (any DatabaseConnection) throws -> Void) throws {
    try withConnection { connection in try body(connection) }
  }

  @discardableResult
  public func write<T: Sendable>(_ body: (any DatabaseConnection) throws -> T) throws -> T {
    // A deadlock or serialization failure aborted the whole transaction: run it again.
    var attempt = 0
    while true {
      attempt += 1
      do {
        return try writeOnce(body)
      } catch let error as StorageError where error.code == .transactionConflict && attempt < 4 {
        continue
      }
    }
  }

  private func writeOnce<T: Sendable>(_ body: (any DatabaseConnection) throws -> T) throws -> T {
    try withConnection { connection in
      try connection.execute("BEGIN")
      let result: T
      do {
        result = try body(connection)
      } catch {
        _ = try? connection.execute("ROLLBACK")
        throw error
      }
      do {
        try connection.execute("COMMIT")
      } catch let error as StorageError where error.code == .connectionLost {
        // The commit may or may not have happened: never retry it.
        throw StorageError(
          .connectionLost,
          "the connection was lost while committing; the change may or may not be saved",
          detail: error.detail)
      }
      return result
    }
  }

  public func close() {
    guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
    idle.withLock { connections in
      for connection in connections { connection.close() }
      connections = []
    }
  }

  /// Runs `body` on a pooled connection; retries once on a new connection when the connection
  /// was lost before the body finished (nothing was committed then).
  private func withConnection<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
    var attempt = 0
    while true {
      attempt += 1
      let connection = try take()
      do {
        let result = try body(connection)
        give(connection)
        return result
      } catch let error as StorageError where error.code == .connectionLost {
        give(connection)
        if attempt >= 2 || error.message.contains("committing") { throw error }
      } catch {
        give(connection)
        throw error
      }
    }
  }

  private func take() throws -> PostgresConnection {
    guard !closed.load(ordering: .acquiring) else {
      throw StorageError(.cannotOpen, "the database is closed")
    }
    slots.wait()
    let pooled = idle.withLock { $0.popLast() }
    do {
      if let pooled {
        if pooled.isHealthy || pooled.reset() { return pooled }
        pooled.close()
      }
      return try PostgresConnection(url: url, serverDescription: serverDescription)
    } catch {
      slots.signal()
      throw error
    }
  }

  private func give(_ connection: PostgresConnection) {
    let kept = idle.withLock { connections in
      guard !closed.load(ordering: .acquiring) else { return false }
      connections.append(connection)
      return true
    }
    if !kept { connection.close() }
    slots.signal()
  }
}
