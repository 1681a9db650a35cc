/// One-off administration of a PostgreSQL server: statements that cannot be parameterised
/// (`CREATE SCHEMA`, `CREATE DATABASE`), for set-up scripts and tests.
public enum PostgresAdmin {
  /// Connects to `url`, runs `script` (one or more statements, no parameters) and disconnects.
  /// The caller vouches that the script holds no untrusted input.
  public static func executeUnsafeScript(url: String, _ script: String) throws {
    let connection = try PostgresConnection(url: url, serverDescription: "PostgreSQL")
    defer { connection.close() }
    try connection.executeUnsafeScript(script)
  }
}
