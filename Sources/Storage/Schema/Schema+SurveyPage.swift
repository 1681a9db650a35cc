extension Schema {
  /// Migrations of version 2 (the survey pages: link views and tentative picks).
  static let surveyPageMigrations: [Migration] = []
}
