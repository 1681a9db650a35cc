import Foundation

/// One step of the schema. Versions are whole numbers applied in order; each step runs in
/// one transaction with the row recording it, so a failed step leaves the schema as it was.
public struct Migration: Sendable {
  public let version: Int
  public let name: String
  /// The statements of the step for a dialect (trusted text, no parameters).
  public let script: @Sendable (SQLDialect) -> String

  public init(version: Int, name: String, script: @escaping @Sendable (SQLDialect) -> String) {
    self.version = version
    self.name = name
    self.script = script
  }
}

extension Migration {
  /// Replaces `{pk}`, `{blob}`, `{real}` and `{without_rowid}` with the dialect's words.
  static func ddl(_ text: String, _ dialect: SQLDialect) -> String {
    text.replacingOccurrences(of: "{pk}", with: dialect.primaryKey)
      .replacingOccurrences(of: "{blob}", with: dialect.blob)
      .replacingOccurrences(of: "{real}", with: dialect.real)
      .replacingOccurrences(of: "{without_rowid}", with: dialect == .sqlite ? " WITHOUT ROWID" : "")
  }
}
