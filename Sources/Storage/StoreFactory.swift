import Foundation

/// Opens a store from a database URL.
///
/// - `sqlite:///absolute/path.db`, `sqlite:relative.db`, or a plain file path: SQLite.
/// - `postgres://user:password@host:port/database` (or `postgresql://`): PostgreSQL.
public enum StoreFactory {
  /// What a URL names, before anything is opened.
  public enum Location: Sendable, Hashable {
    case sqlite(path: String)
    case postgres(url: String, description: String)
  }

  /// Parses a database URL; throws `.badURL` with one clear message.
  public static func location(of url: String) throws -> Location {
    let trimmed = url.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty else { throw StorageError(.badURL, "the database URL is empty") }
    let lower = trimmed.lowercased()
    if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
      // Schemes are case-insensitive (RFC 3986); libpq takes only lower case.
      let colon = trimmed.firstIndex(of: ":")!
      let url = trimmed[..<colon].lowercased() + trimmed[colon...]
      guard let components = URLComponents(string: url), let host = components.host,
        !host.isEmpty
      else {
        throw StorageError(
          .badURL, "the PostgreSQL URL is malformed (expected postgres://user@host:port/database)")
      }
      let database = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
      let port = components.port.map { ":\($0)" } ?? ""
      return .postgres(url: url, description: "\(host)\(port)/\(database)")
    }
    if lower.hasPrefix("sqlite:") {
      var path = String(trimmed.dropFirst("sqlite:".count))
      if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
      path = path.removingPercentEncoding ?? path
      guard !path.isEmpty else {
        throw StorageError(
          .badURL, "the SQLite URL has no file path (expected sqlite:///path/to/file.db)")
      }
      return .sqlite(path: path)
    }
    if let colon = trimmed.firstIndex(of: ":"), trimmed[..<colon].allSatisfy(\.isLetter),
      trimmed[colon...].hasPrefix("://")
    {
      throw StorageError(
        .badURL,
        "unsupported database URL scheme \"\(trimmed[..<colon])\" (use sqlite: or postgres:)")
    }
    guard isPlainFilePath(trimmed) else {
      throw StorageError(
        .badURL,
        "the database URL is neither a postgres:// URL nor a SQLite file (use "
          + "postgres://user@host:port/database, sqlite:///path/to/file.db, or a file path "
          + "starting with / or ./ or ending in .db, .sqlite or .sqlite3)")
    }
    return .sqlite(path: trimmed)
  }

  /// Whether a value without a scheme is meant as a SQLite file: an absolute or explicitly
  /// relative path, or a name ending like a database file. Anything else (`postgres//host/db`,
  /// `postgres:/host/db`, `user@host:5432/db`, `host:5432/db`) is a mistyped URL, which would
  /// otherwise quietly become a new empty SQLite file under that name.
  static func isPlainFilePath(_ value: String) -> Bool {
    if value.hasPrefix("/") || value.hasPrefix("./") || value.hasPrefix("../") { return true }
    let lower = value.lowercased()
    guard !lower.hasPrefix("postgres"), !value.contains("@"), !value.contains(":") else {
      return false
    }
    return [".db", ".sqlite", ".sqlite3"].contains { lower.hasSuffix($0) }
  }

  /// Opens the database at `url`, refuses a schema newer than this binary knows and, when
  /// `migrate` is true, applies pending migrations. Throws a ``StorageError`` with one clear
  /// message for a bad URL, an unreachable server or an unwritable file.
  public static func open(
    url: String, migrate: Bool = true, poolSize: Int = 8, now: Date = Date()
  ) throws -> SQLStore {
    let database: any Database
    switch try location(of: url) {
    case .sqlite(let path): database = try SQLiteDatabase(path: path)
    case .postgres(let url, let description):
      database = try PostgresDatabase(url: url, serverDescription: description, size: poolSize)
    }
    let store = SQLStore(database: database)
    do {
      // Migrating refuses a newer schema itself, after the one read that also finds nothing
      // to do when the schema is up to date.
      if migrate {
        try store.migrate(now: now)
      } else {
        try store.migrator.checkNotNewer(database)
      }
    } catch {
      database.close()
      throw error
    }
    return store
  }
}
