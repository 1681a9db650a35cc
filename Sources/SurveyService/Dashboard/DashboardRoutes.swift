import HTTPServer

/// The team's dashboard: login, overview, segments, comments, follow-ups, changes, settings,
/// and the public page.
enum DashboardRoutes {
  static func register(in router: inout Router, context: ServiceContext) {
  }
}
