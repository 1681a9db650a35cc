import HTTPServer

/// `GET /api/v1/reports/nps` and the CSV export, for API keys with the `read` scope.
enum ReportAPIRoutes {
  static func register(in router: inout Router, context: ServiceContext) {
  }
}
