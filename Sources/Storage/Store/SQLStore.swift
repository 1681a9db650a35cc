import Foundation

/// The store on a SQL database: the same SQL on SQLite and PostgreSQL, apart from full-text
/// search, row locking for leases and a few column types (see ``SQLDialect``).
public final class SQLStore: Store {
  /// The connections; exposed for tools and tests that need raw access.
  public let database: any Database
  let migrator: Migrator

  /// A store on an open database. Call ``migrate(now:)`` (or use ``StoreFactory``) before use.
  public init(database: any Database, migrator: Migrator = Migrator()) {
    self.database = database
    self.migrator = migrator
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
    try write { connection in try connection.execute("ANALYZE") }
  }

  public func close() {
    database.close()
  }

  func read<T: Sendable>(_ body: (any DatabaseConnection) throws -> T) throws -> T {
    try database.read(body)
  }

  @discardableResult
  func write<T: Sendable>(_ body: (any DatabaseConnection) throws -> T) throws -> T {
    try database.write(body)
  }
}

/// JSON text for string maps and lists, with sorted keys so equal maps store equal text.
enum JSONText {
  static func encode(_ map: [String: String]) -> String {
    if map.isEmpty { return "{}" }
    var text = "{"
    for (index, key) in map.keys.sorted().enumerated() {
      if index > 0 { text += "," }
      appendQuoted(key, to: &text)
      text += ":"
      appendQuoted(map[key]!, to: &text)
    }
    return text + "}"
  }

  /// Appends a JSON string literal (RFC 8259 escaping).
  private static func appendQuoted(_ string: String, to text: inout String) {
    text += "\""
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": text += "\\\""
      case "\\": text += "\\\\"
      case "\n": text += "\\n"
      case "\r": text += "\\r"
      case "\t": text += "\\t"
      case let control where control.value < 0x20:
        text +=
          "\\u" + String(repeating: "0", count: 4 - String(control.value, radix: 16).count)
          + String(control.value, radix: 16)
      default: text.unicodeScalars.append(scalar)
      }
    }
    text += "\""
  }

  static func decodeMap(_ text: String?) -> [String: String] {
    guard let text, text != "{}", let data = text.data(using: .utf8) else { return [:] }
    return (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
  }

  static func encode(_ list: [String]) -> String {
    (try? String(decoding: JSONEncoder().encode(list), as: UTF8.self)) ?? "[]"
  }

  static func decodeList(_ text: String?) -> [String] {
    guard let text, let data = text.data(using: .utf8) else { return [] }
    return (try? JSONDecoder().decode([String].self, from: data)) ?? []
  }
}

extension Int64 {
  /// Integer division rounding toward minus infinity (SQL's `/` truncates toward zero).
  func floorDivided(by divisor: Int64) -> Int64 {
    let quotient = self / divisor
    return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
  }
}
