extension Schema {
  /// Migrations of version 4 (the dashboard).
  static let dashboardMigrations: [Migration] = []
}
