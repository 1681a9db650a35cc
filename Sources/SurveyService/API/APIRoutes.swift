import HTTPServer

/// The JSON API under `/api/v1`, authenticated with API keys.
enum APIRoutes {
  static func register(in router: inout Router, context: ServiceContext) {
  }
}
