import Foundation

/// Why a storage operation failed. `description` is safe to show; `debugDescription` adds the
/// database's own message (which may quote SQL but never a password).
public struct StorageError: Error, Sendable, Hashable, CustomStringConvertible,
  CustomDebugStringConvertible
{
  public enum Code: String, Sendable, Hashable {
    /// The database URL is not one this binary understands.
    case badURL
    /// The database could not be opened or reached.
    case cannotOpen
    /// A connection was lost mid-operation.
    case connectionLost
    /// The schema was written by a newer binary.
    case schemaTooNew
    /// A migration failed; the schema is as it was before it.
    case migrationFailed
    /// A UNIQUE, CHECK or foreign key rule refused the change.
    case constraint
    /// PostgreSQL broke a deadlock or a serialization conflict by aborting this transaction;
    /// it is retried by ``PostgresDatabase/write(_:)`` before this reaches a caller.
    case transactionConflict
    /// Another connection held the lock for longer than the wait allowed (SQLite's busy
    /// timeout, 5 s; PostgreSQL's `lock_timeout`, SQL state 55P03). Nothing was changed by the
    /// failed statement; trying again later may succeed.
    case busy
    /// The database or the disk it is on is full (SQLite `SQLITE_FULL`, PostgreSQL 53100).
    case full
    /// The operating system failed to read or write the database's files (SQLite
    /// `SQLITE_IOERR`, PostgreSQL 58030).
    case ioError
    /// A statement failed.
    case query
    /// A column held a value of an unexpected type.
    case decoding
    /// The record to change does not exist.
    case notFound
    /// The input was refused before reaching the database.
    case invalidInput
  }

  public let code: Code
  /// A message safe for logs and users.
  public let message: String
  /// Details from the database (error text, SQL state).
  public let detail: String

  public init(_ code: Code, _ message: String, detail: String = "") {
    self.code = code
    self.message = message
    self.detail = detail
  }

  public var description: String { message }
  /// The message and the database's detail on one line (libpq's messages span several lines;
  /// a command prints one line and a log entry stays one).
  public var debugDescription: String {
    let lines = detail.split(whereSeparator: \.isNewline)
      .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    return lines.isEmpty ? message : "\(message): \(lines.joined(separator: " "))"
  }

  static func decoding(column: String) -> StorageError {
    StorageError(.decoding, "unexpected value in column \(column)")
  }

  static func notFound(_ what: String) -> StorageError {
    StorageError(.notFound, "\(what) not found")
  }
}

extension StorageError {
  /// A text parameter holding NUL. Both stores take text as C strings (libpq always; SQLite
  /// as bound here), which would cut it short at the NUL without a word, and PostgreSQL cannot
  /// store NUL in text at all; so it is refused before the statement runs, on either store.
  static func textHoldsNUL(in sql: String) -> StorageError {
    StorageError(
      .query, "a text value holds NUL (U+0000), which the store cannot keep",
      detail: sql.isEmpty ? "" : "a parameter of: \(sql)")
  }
}
