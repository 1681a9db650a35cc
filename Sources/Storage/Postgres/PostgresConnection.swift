import CPostgres
import Foundation

/// Owns one `PGconn*`.
///
/// Threading: libpq allows one thread at a time per connection. ``PostgresDatabase`` hands a
/// connection to one caller at a time from its pool, and `guardUse` traps if two threads ever
/// enter at once.
final class PostgresConnection: DatabaseConnection, @unchecked Sendable {
  // @unchecked Sendable: the handle moves between threads only through PostgresDatabase's
  // mutex-guarded pool, and `guardUse` enforces that one thread uses it at a time.
  private var handle: OpaquePointer?
  private let guardUse = ExclusiveUse()
  let dialect = SQLDialect.postgres
  /// A description of the server without the password, for messages.
  let serverDescription: String

  /// Connects with a `postgres://` URL. Throws `.badURL` for a URL libpq cannot parse and
  /// `.cannotOpen` when the server cannot be reached or refuses the login.
  init(url: String, serverDescription: String, connectTimeoutSeconds: Int = 5) throws {
    self.serverDescription = serverDescription
    var parseError: UnsafeMutablePointer<CChar>?
    guard let options = PQconninfoParse(url, &parseError) else {
      let detail = parseError.map { String(cString: $0) } ?? ""
      PQfreemem(parseError)
      throw StorageError(.badURL, "the PostgreSQL URL is malformed", detail: detail)
    }
    PQconninfoFree(options)
    // Later keywords override earlier ones, so the URL may set its own connect_timeout.
    let keywords = ["connect_timeout", "application_name", "dbname"]
    let values = [String(connectTimeoutSeconds), "nps", url]
    let connection = withCStrings(keywords) { keywordPointers in
      withCStrings(values) { valuePointers in
        PQconnectdbParams(keywordPointers, valuePointers, 1)
      }
    }
    guard let connection, PQstatus(connection) == CONNECTION_OK else {
      let detail = connection.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
      PQfinish(connection)
      let reason = Self.reason(libpqMessage: detail)
      // libpq checks option values only when connecting: `sslmode=bogus` is a setting that is
      // wrong (78), not a server that cannot be reached (69).
      if reason.hasPrefix("invalid "), reason.contains(" value") {
        throw StorageError(
          .badURL, "the PostgreSQL URL has an option libpq refuses: \(reason)",
          detail: detail.trimmingCharacters(in: .whitespacesAndNewlines))
      }
      throw StorageError(
        .cannotOpen,
        "cannot connect to PostgreSQL at \(serverDescription): \(Self.reason(libpqMessage: detail))",
        detail: detail.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    PQsetNoticeProcessor(connection, { _, _ in }, nil)
    handle = connection
  }

  /// The reason in one of libpq's connection messages, on one line: `connection to server at
  /// "127.0.0.1", port 5432 failed: FATAL:  database "x" does not exist` gives `database "x"
  /// does not exist`; `invalid sslmode value: "bogus"` stays as it is. libpq never repeats a
  /// password in these messages.
  static func reason(libpqMessage message: String) -> String {
    let lines = message.split(whereSeparator: \.isNewline).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    guard var reason = lines.first(where: { !$0.isEmpty }) else { return "no reason given" }
    if let failed = reason.range(of: " failed: ") { reason = String(reason[failed.upperBound...]) }
    for prefix in ["FATAL:", "ERROR:"] where reason.hasPrefix(prefix) {
      reason = reason.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
    }
    return reason.isEmpty ? "no reason given" : reason
  }

  deinit { close() }

  /// Closes the connection. Safe to call twice.
  func close() {
    if let handle { PQfinish(handle) }
    handle = nil
  }

  /// True when the connection is open and not known to be broken.
  var isHealthy: Bool {
    guard let handle else { return false }
    return PQstatus(handle) == CONNECTION_OK
  }

  /// Reconnects a broken connection with its original settings; true when it is healthy again.
  func reset() -> Bool {
    guard let handle else { return false }
    PQreset(handle)
    return PQstatus(handle) == CONNECTION_OK
  }

  func executeUnsafeScript(_ sql: String) throws {
    try guardUse.run { () throws(StorageError) in
      let db = try open()
      let result = PQexec(db, sql)
      defer { PQclear(result) }
      try check(result)
    }
  }

  @discardableResult
  func execute(_ query: SQLQuery) throws -> Int {
    try guardUse.run { () throws(StorageError) in
      let result = try run(query)
      defer { PQclear(result) }
      return Int(String(cString: PQcmdTuples(result))) ?? 0
    }
  }

  func query(_ query: SQLQuery) throws -> [SQLRow] {
    try guardUse.run { () throws(StorageError) in
      let result = try run(query)
      defer { PQclear(result) }
      let rowCount = PQntuples(result)
      let columnCount = PQnfields(result)
      let columns = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
      let types = (0..<columnCount).map { PQftype(result, $0) }
      var rows: [SQLRow] = []
      rows.reserveCapacity(Int(rowCount))
      for row in 0..<rowCount {
        var values: [SQLValue] = []
        values.reserveCapacity(Int(columnCount))
        for column in 0..<columnCount {
          if PQgetisnull(result, row, column) == 1 {
            values.append(.null)
          } else {
            let text = String(cString: PQgetvalue(result, row, column))
            values.append(Self.decode(text, type: types[Int(column)]))
          }
        }
        rows.append(SQLRow(columns: columns, values: values))
      }
      return rows
    }
  }

  private func open() throws(StorageError) -> OpaquePointer {
    guard let handle else { throw StorageError(.cannotOpen, "the PostgreSQL connection is closed") }
    return handle
  }

  /// Runs a statement with its parameters in text form, typed where the type is known.
  private func run(_ query: SQLQuery) throws(StorageError) -> OpaquePointer? {
    let db = try open()
    let sql = query.sql(for: .postgres)
    let values = query.values
    var types: [Oid] = []
    var texts: [String?] = []
    types.reserveCapacity(values.count)
    texts.reserveCapacity(values.count)
    for value in values {
      switch value {
      case .null:
        types.append(0)
        texts.append(nil)
      case .int(let int):
        types.append(20)  // int8
        texts.append(String(int))
      case .double(let double):
        types.append(701)  // float8
        texts.append(
          double.isFinite
            ? String(double) : (double.isNaN ? "NaN" : (double > 0 ? "Infinity" : "-Infinity")))
      case .text(let text):
        guard !text.utf8.contains(0) else { throw .textHoldsNUL(in: sql) }
        types.append(0)  // inferred from context: text, or the column's type
        texts.append(text)
      case .blob(let bytes):
        types.append(17)  // bytea, hex text form
        texts.append("\\x" + bytes.map { String(format: "%02x", $0) }.joined())
      }
    }
    let result = withOptionalCStrings(texts) { pointers in
      PQexecParams(db, sql, Int32(values.count), types, pointers, nil, nil, 0)
    }
    do {
      try check(result)
    } catch {
      PQclear(result)
      throw error
    }
    return result
  }

  private func check(_ result: OpaquePointer?) throws(StorageError) {
    let status = result.map { PQresultStatus($0) } ?? PGRES_FATAL_ERROR
    // An empty text (a migration step with nothing to do on this store) does nothing, as
    // on SQLite.
    if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY {
      return
    }
    let message = handle.map { String(cString: PQerrorMessage($0)) } ?? ""
    let detail = message.trimmingCharacters(in: .whitespacesAndNewlines)
    let state =
      result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }
      .map { String(cString: $0) } ?? ""
    // A closed socket, or the server ending the session (57P01-57P03: shutdown, crash,
    // cannot connect now; 08: connection exception).
    let lost =
      (handle.map { PQstatus($0) == CONNECTION_BAD } ?? true) || state.hasPrefix("57P")
      || state.hasPrefix("08")
    if lost {
      throw StorageError(
        .connectionLost, "the connection to PostgreSQL at \(serverDescription) was lost",
        detail: "\(state) \(detail)")
    }
    if state == "40001" || state == "40P01" {
      throw StorageError(
        .transactionConflict, "the transaction conflicted with another one", detail: detail)
    }
    if state.hasPrefix("23") {
      throw StorageError(.constraint, "the change breaks a database rule", detail: detail)
    }
    if let error = resourceError(state: state, detail: detail) { throw error }
    throw StorageError(.query, "a database statement failed", detail: "\(state) \(detail)")
  }

  /// The failures of the server's resources, by SQL state: a lock not granted in time
  /// (55P03), a statement cancelled by `statement_timeout` (57014), a full disk (53100), an I/O
  /// error (58030). Nil for any other state.
  private func resourceError(state: String, detail: String) -> StorageError? {
    let detail = "\(state) \(detail)"
    switch state {
    case "55P03":
      return StorageError(
        .busy, "PostgreSQL at \(serverDescription) did not grant a lock in time", detail: detail)
    case "57014":
      return StorageError(
        .busy, "PostgreSQL at \(serverDescription) cancelled the statement (it ran too long)",
        detail: detail)
    case "53100":
      return StorageError(
        .full, "the disk of PostgreSQL at \(serverDescription) is full", detail: detail)
    case "58030":
      return StorageError(
        .ioError, "PostgreSQL at \(serverDescription) could not read or write its files",
        detail: detail)
    default: return nil
    }
  }

  /// A text-format result value as a typed value, by the column's type OID.
  private static func decode(_ text: String, type: Oid) -> SQLValue {
    switch type {
    case 20, 21, 23, 26: return Int64(text).map(SQLValue.int) ?? .text(text)
    case 700, 701, 1700: return Double(text).map(SQLValue.double) ?? .text(text)
    case 16: return .int(text == "t" ? 1 : 0)
    case 17: return .blob(decodeHex(text))
    default: return .text(text)
    }
  }

  private static func decodeHex(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    let utf8 = Array(text.utf8.dropFirst(2))  // "\x"
    bytes.reserveCapacity(utf8.count / 2)
    var index = 0
    while index + 1 < utf8.count {
      bytes.append(hexDigit(utf8[index]) << 4 | hexDigit(utf8[index + 1]))
      index += 2
    }
    return bytes
  }

  private static func hexDigit(_ byte: UInt8) -> UInt8 {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: 0
    }
  }
}

/// Calls `body` with C strings for `strings`, followed by a terminating NULL.
private func withCStrings<R>(
  _ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R
) -> R {
  withOptionalCStrings(strings + [nil]) { body($0) }
}

/// Calls `body` with C strings (NULL for nil) that live for the duration of the call.
private func withOptionalCStrings<R>(
  _ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R
) -> R {
  let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0)! } }
  defer { for copy in copies { free(copy) } }
  let pointers = copies.map { $0.map { UnsafePointer($0) } }
  return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
