import CSQLite
import Foundation
import Synchronization

/// Owns one `sqlite3*` handle and its prepared statements.
///
/// Threading: opened with `SQLITE_OPEN_NOMUTEX`, so one thread at a time. ``SQLiteDatabase``
/// hands a connection to one caller at a time (the writer behind a mutex, readers from a pool),
/// and `guardUse` traps if two threads ever enter at once.
final class SQLiteConnection: DatabaseConnection, @unchecked Sendable {
  // @unchecked Sendable: the handle moves between threads only through SQLiteDatabase's
  // mutex-guarded hand-out, and `guardUse` enforces that one thread uses it at a time.
  private var handle: OpaquePointer?
  private var statements: [String: OpaquePointer] = [:]
  private let guardUse = ExclusiveUse()
  let dialect = SQLDialect.sqlite
  let path: String

  /// Process-wide settings, applied once before the first connection: no memory statistics
  /// (they take a global mutex on every allocation of every connection).
  private static let configureLibrary: Void = { _ = nps_sqlite_disable_memory_statistics() }()

  /// SQLite's SQLITE_TRANSIENT (a macro Swift cannot import): copy bound text and blobs.
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  /// Opens (creating if needed) the database file at `path`, in WAL mode with a busy timeout
  /// and foreign keys on. Throws `.cannotOpen` when the file cannot be opened for writing.
  init(path: String, busyTimeoutMilliseconds: Int32 = 5000) throws {
    Self.configureLibrary
    self.path = path
    var db: OpaquePointer?
    let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
    let rc = sqlite3_open_v2(path, &db, flags, nil)
    guard rc == SQLITE_OK, let db else {
      let detail = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      sqlite3_close_v2(db)
      throw StorageError(
        .cannotOpen, "cannot open the SQLite database at \(path)", detail: detail)
    }
    handle = db
    do {
      if sqlite3_db_readonly(db, "main") == 1 {
        throw StorageError(.cannotOpen, "the SQLite database at \(path) is not writable")
      }
      sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
      try executeUnsafeScript(
        """
        PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;
        PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;
        PRAGMA wal_autocheckpoint=\(Self.checkpointPages);
        PRAGMA journal_size_limit=\(Self.checkpointPages * 4096);
        """)
    } catch let error as StorageError {
      close()
      if error.code == .cannotOpen { throw error }
      throw StorageError(
        .cannotOpen, "cannot open the SQLite database at \(path)", detail: error.detail)
    }
  }

  /// WAL pages written before a commit copies them into the database (SQLite's default is
  /// 1,000, 4 MB). A page changed by many transactions in between is copied once per
  /// checkpoint, and each checkpoint syncs the files: a 1M-row import took 9.2 s with 16,384
  /// pages against 11.4 s with 1,000 (same run). The WAL file is cut back to this size after a
  /// checkpoint.
  static let checkpointPages = 16_384

  deinit { close() }

  /// Finalizes every statement and closes the handle. Safe to call twice.
  func close() {
    for statement in statements.values { sqlite3_finalize(statement) }
    statements = [:]
    if let handle { sqlite3_close_v2(handle) }
    handle = nil
  }

  func executeUnsafeScript(_ sql: String) throws {
    try guardUse.run { () throws(StorageError) in
      let db = try open()
      var message: UnsafeMutablePointer<CChar>?
      let rc = sqlite3_exec(db, sql, nil, nil, &message)
      if rc != SQLITE_OK {
        let detail = message.map { String(cString: $0) } ?? ""
        sqlite3_free(message)
        throw error(rc, detail: detail)
      }
    }
  }

  @discardableResult
  func execute(_ query: SQLQuery) throws -> Int {
    try guardUse.run { () throws(StorageError) in
      let db = try open()
      let statement = try prepare(query)
      defer { sqlite3_reset(statement) }
      while true {
        let rc = sqlite3_step(statement)
        if rc == SQLITE_DONE { break }
        if rc != SQLITE_ROW { throw error(rc) }
      }
      return Int(sqlite3_changes(db))
    }
  }

  func query(_ query: SQLQuery) throws -> [SQLRow] {
    try guardUse.run { () throws(StorageError) in
      let statement = try prepare(query)
      defer { sqlite3_reset(statement) }
      let count = sqlite3_column_count(statement)
      let columns = (0..<count).map { String(cString: sqlite3_column_name(statement, $0)) }
      var rows: [SQLRow] = []
      while true {
        let rc = sqlite3_step(statement)
        if rc == SQLITE_DONE { break }
        guard rc == SQLITE_ROW else { throw error(rc) }
        var values: [SQLValue] = []
        values.reserveCapacity(Int(count))
        for column in 0..<count { values.append(value(statement, column)) }
        rows.append(SQLRow(columns: columns, values: values))
      }
      return rows
    }
  }

  /// Runs a checkpoint of the WAL (`SQLITE_CHECKPOINT_PASSIVE`, `_RESTART`...); a busy
  /// database (another checkpoint running) is not an error.
  func checkpoint(mode: Int32) throws {
    try guardUse.run { () throws(StorageError) in
      let db = try open()
      let rc = sqlite3_wal_checkpoint_v2(db, nil, mode, nil, nil)
      if rc != SQLITE_OK && rc != SQLITE_BUSY { throw error(rc) }
    }
  }

  /// Makes this (the writer) connection hand its checkpoints to `checkpointer` instead of
  /// running them inside the commit that crosses the threshold (this replaces SQLite's
  /// automatic checkpoint). `checkpointer` must outlive the connection.
  func routeCheckpoints(to checkpointer: SQLiteCheckpointer) throws {
    try guardUse.run { () throws(StorageError) in
      let db = try open()
      let context = Unmanaged.passUnretained(checkpointer).toOpaque()
      sqlite3_wal_hook(db, Self.walHook, context)
    }
  }

  /// Called by SQLite after each commit on the writer, with the frames now in the WAL.
  private static let walHook:
    @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, UnsafePointer<CChar>?, Int32) ->
      Int32 = { context, db, _, frames in
        guard let context else { return SQLITE_OK }
        let checkpointer = Unmanaged<SQLiteCheckpointer>.fromOpaque(context)
          .takeUnretainedValue()
        if frames >= checkpointer.hardLimitFrames {
          // The stream of writes never let a background checkpoint finish: start the WAL
          // again now (this commit waits, as every crossing commit did before). While the
          // checkpointer is still copying this is SQLITE_BUSY at once, and a later commit
          // tries again; the checkpointer is not asked again meanwhile.
          _ = sqlite3_wal_checkpoint_v2(db, nil, SQLITE_CHECKPOINT_RESTART, nil, nil)
        } else if frames >= checkpointer.requestFrames {
          checkpointer.request()
        }
        return SQLITE_OK
      }

  private func open() throws(StorageError) -> OpaquePointer {
    guard let handle else { throw StorageError(.cannotOpen, "the SQLite connection is closed") }
    return handle
  }

  /// A prepared statement for the query's text (cached), with the query's values bound.
  private func prepare(_ query: SQLQuery) throws(StorageError) -> OpaquePointer {
    let db = try open()
    let sql = query.sql(for: .sqlite)
    let statement: OpaquePointer
    if let cached = statements[sql] {
      statement = cached
      sqlite3_clear_bindings(statement)
    } else {
      var prepared: OpaquePointer?
      let rc = sqlite3_prepare_v2(db, sql, -1, &prepared, nil)
      guard rc == SQLITE_OK, let prepared else { throw error(rc) }
      if statements.count >= 128 {
        for old in statements.values { sqlite3_finalize(old) }
        statements = [:]
      }
      statements[sql] = prepared
      statement = prepared
    }
    for (offset, value) in query.values.enumerated() {
      let index = Int32(offset + 1)
      let rc: Int32
      switch value {
      case .null: rc = sqlite3_bind_null(statement, index)
      case .int(let int): rc = sqlite3_bind_int64(statement, index, int)
      case .double(let double): rc = sqlite3_bind_double(statement, index, double)
      case .text(let text):
        guard !text.utf8.contains(0) else { throw StorageError.textHoldsNUL(in: sql) }
        rc = sqlite3_bind_text(statement, index, text, -1, Self.transient)
      case .blob(let bytes):
        rc = bytes.withUnsafeBytes {
          sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), Self.transient)
        }
      }
      guard rc == SQLITE_OK else { throw error(rc) }
    }
    return statement
  }

  /// Runs `body` holding this connection, with one prepared statement (cached) for each of
  /// `sqls`, for bulk work that binds and steps the same statements many times (imports): no
  /// statement text is built per row. Trusted SQL only, with `?NNN` parameters bound through
  /// ``SQLiteStatement``. Every statement is reset when `body` returns or throws.
  func withStatements<T>(_ sqls: [String], _ body: ([SQLiteStatement]) throws -> T) throws -> T {
    try guardUse.run { () throws -> T in
      let db = try open()
      // Evict before preparing, so preparing one of `sqls` never finalizes another.
      if statements.count + sqls.count > 128 {
        for old in statements.values { sqlite3_finalize(old) }
        statements = [:]
      }
      var prepared: [SQLiteStatement] = []
      for sql in sqls {
        if let cached = statements[sql] {
          prepared.append(SQLiteStatement(pointer: cached, path: path))
          continue
        }
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(db, sql, -1, &statement, nil)
        guard rc == SQLITE_OK, let statement else { throw error(rc) }
        statements[sql] = statement
        prepared.append(SQLiteStatement(pointer: statement, path: path))
      }
      defer { for statement in prepared { sqlite3_reset(statement.pointer) } }
      return try body(prepared)
    }
  }

  private func value(_ statement: OpaquePointer, _ column: Int32) -> SQLValue {
    switch sqlite3_column_type(statement, column) {
    case SQLITE_INTEGER: return .int(sqlite3_column_int64(statement, column))
    case SQLITE_FLOAT: return .double(sqlite3_column_double(statement, column))
    case SQLITE_TEXT:
      return .text(String(cString: sqlite3_column_text(statement, column)))
    case SQLITE_BLOB:
      let count = Int(sqlite3_column_bytes(statement, column))
      guard count > 0, let pointer = sqlite3_column_blob(statement, column) else {
        return .blob([])
      }
      return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: count)))
    default: return .null
    }
  }

  private func error(_ rc: Int32, detail: String? = nil) -> StorageError {
    let message = detail ?? handle.map { String(cString: sqlite3_errmsg($0)) } ?? ""
    return Self.error(rc, message: message, path: path)
  }

  fileprivate static func error(_ rc: Int32, message: String, path: String) -> StorageError {
    switch rc & 0xff {
    case SQLITE_CONSTRAINT:
      return StorageError(.constraint, "the change breaks a database rule", detail: message)
    case SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM:
      return StorageError(
        .cannotOpen, "the SQLite database at \(path) is not writable", detail: message)
    case SQLITE_BUSY, SQLITE_LOCKED:
      return StorageError(
        .busy, "the SQLite database at \(path) is locked by another connection",
        detail: message)
    case SQLITE_FULL:
      return StorageError(
        .full, "the SQLite database at \(path) or its disk is full", detail: message)
    case SQLITE_IOERR:
      return StorageError(
        .ioError, "the SQLite database at \(path) could not be read or written",
        detail: message)
    default:
      return StorageError(.query, "a database statement failed", detail: message)
    }
  }
}

/// A prepared statement lent by ``SQLiteConnection/withStatements(_:_:)``, valid only inside
/// that call (on its thread). Bind every parameter, `step`, read columns, then `reset`.
struct SQLiteStatement {
  fileprivate let pointer: OpaquePointer
  fileprivate let path: String

  /// Process-wide settings, applied once before the first connection: no memory statistics
  /// (they take a global mutex on every allocation of every connection).
  private static let configureLibrary: Void = { _ = nps_sqlite_disable_memory_statistics() }()

  /// SQLite's SQLITE_TRANSIENT: SQLite copies the text before the call returns.
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  func bind(_ index: Int32, _ value: Int64) throws {
    try check(sqlite3_bind_int64(pointer, index, value))
  }

  func bind(_ index: Int32, _ value: Int64?) throws {
    guard let value else { return try check(sqlite3_bind_null(pointer, index)) }
    try check(sqlite3_bind_int64(pointer, index, value))
  }

  func bind(_ index: Int32, _ value: String?) throws {
    guard var value else { return try check(sqlite3_bind_null(pointer, index)) }
    guard !value.utf8.contains(0) else { throw StorageError.textHoldsNUL(in: "") }
    // An empty buffer may have no address, which SQLite would bind as NULL.
    if value.isEmpty { return try check(sqlite3_bind_text(pointer, index, "", 0, Self.transient)) }
    let rc = value.withUTF8 { bytes in
      bytes.withMemoryRebound(to: CChar.self) {
        sqlite3_bind_text(pointer, index, $0.baseAddress, Int32($0.count), Self.transient)
      }
    }
    try check(rc)
  }

  /// Runs the statement to its next row: true when a row is ready, false when done.
  func step() throws -> Bool {
    let rc = sqlite3_step(pointer)
    if rc == SQLITE_ROW { return true }
    if rc == SQLITE_DONE { return false }
    throw error(rc)
  }

  func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(pointer, column) }

  func optionalString(_ column: Int32) -> String? {
    guard let text = sqlite3_column_text(pointer, column) else { return nil }
    return String(cString: text)
  }

  /// Makes the statement ready to run again (bindings stay until bound anew).
  func reset() { sqlite3_reset(pointer) }

  /// The virtual-machine steps of the statement's last run, its triggers' included: the
  /// work a statement does, counted (tests check that a write's cost does not grow with
  /// the table).
  func virtualMachineSteps() -> Int {
    Int(sqlite3_stmt_status(pointer, SQLITE_STMTSTATUS_VM_STEP, 0))
  }

  private func check(_ rc: Int32) throws {
    if rc != SQLITE_OK { throw error(rc) }
  }

  private func error(_ rc: Int32) -> StorageError {
    let message = sqlite3_db_handle(pointer).map { String(cString: sqlite3_errmsg($0)) } ?? ""
    // A failed step leaves the statement to be reset before its next use.
    sqlite3_reset(pointer)
    return SQLiteConnection.error(rc, message: message, path: path)
  }
}
