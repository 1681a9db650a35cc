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
  /// `{"name":"value",...}` with sorted keys, built over UTF-8 bytes (imports
  /// encode one per row).
  static func encode(_ map: [String: String]) -> String {
    if map.isEmpty { return "{}" }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(64)
    bytes.append(UInt8(ascii: "{"))
    for (index, key) in map.keys.sorted().enumerated() {
      if index > 0 { bytes.append(UInt8(ascii: ",")) }
      appendQuoted(key, to: &bytes)
      bytes.append(UInt8(ascii: ":"))
      appendQuoted(map[key]!, to: &bytes)
    }
    bytes.append(UInt8(ascii: "}"))
    return String(decoding: bytes, as: UTF8.self)
  }

  private static let hexDigits = Array("0123456789abcdef".utf8)

  /// Appends a JSON string literal (RFC 8259 escaping); bytes of non-ASCII characters are
  /// copied as they are (valid UTF-8 in, valid UTF-8 out).
  private static func appendQuoted(_ string: String, to bytes: inout [UInt8]) {
    bytes.append(UInt8(ascii: "\""))
    for byte in string.utf8 {
      switch byte {
      case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
      case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
      case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
      case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
      case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
      case 0..<0x20:
        bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")]
        bytes += [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
      default: bytes.append(byte)
      }
    }
    bytes.append(UInt8(ascii: "\""))
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
