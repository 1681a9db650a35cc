extension Schema {
  /// Migrations of version 3 (ingest and sending).
  static let sendingMigrations: [Migration] = []
}
