/// Collects routes, then freezes them into a `Responder`.
///
/// ```swift
/// var router = Router()
/// router.get("/s/:token/:score") { request in
///   let score = try request.parameters.require("score", as: Int.self)
///   return .text("score \(score)")
/// }
/// router.post("/api/v1/interactions") { request in ... }
/// let responder = router.buildResponder()
/// ```
///
/// Matching works on decoded path segments; empty segments are ignored (`/a//b/` is `/a/b`).
/// When several patterns match, literal segments win over `:parameters`, which win over a
/// trailing `*`. An unknown path throws `404`; a known path with another method throws `405`
/// with an `Allow` header. `HEAD` is answered by the `GET` handler when no `HEAD` route exists
/// (the server then sends no body).
public struct Router: Sendable {
  struct Route: Sendable {
    let method: HTTPMethod
    let pattern: RoutePattern
    let handler: Handler
  }

  private var routes: [Route] = []

  /// An empty router.
  public init() {}

  /// Registers `handler` for `method` on `pattern`. Registering the same method twice on
  /// patterns of the same shape is a programmer error and stops the program.
  public mutating func on(
    _ method: HTTPMethod, _ pattern: String, handler: @escaping Handler
  ) {
    let parsed = RoutePattern(pattern)
    precondition(
      !routes.contains { $0.method == method && $0.pattern.hasSameShape(as: parsed) },
      "Duplicate route \(method) \(pattern)")
    routes.append(Route(method: method, pattern: parsed, handler: handler))
  }

  /// Registers a `GET` route (also answers `HEAD`).
  public mutating func get(_ pattern: String, handler: @escaping Handler) {
    on(.get, pattern, handler: handler)
  }

  /// Registers a `POST` route.
  public mutating func post(_ pattern: String, handler: @escaping Handler) {
    on(.post, pattern, handler: handler)
  }

  /// Registers a `PUT` route.
  public mutating func put(_ pattern: String, handler: @escaping Handler) {
    on(.put, pattern, handler: handler)
  }

  /// Registers a `PATCH` route.
  public mutating func patch(_ pattern: String, handler: @escaping Handler) {
    on(.patch, pattern, handler: handler)
  }

  /// Registers a `DELETE` route.
  public mutating func delete(_ pattern: String, handler: @escaping Handler) {
    on(.delete, pattern, handler: handler)
  }

  /// Freezes the routes into an immutable responder. Later changes to the router do not affect
  /// it.
  public func buildResponder() -> Responder {
    let table = RouteTable(routes: routes)
    return Responder { request in try table.respond(to: request) }
  }
}

/// The frozen routes, most specific pattern first.
struct RouteTable: Sendable {
  private let routes: [Router.Route]

  init(routes: [Router.Route]) {
    // A stable sort keeps registration order among equally specific patterns.
    self.routes = routes.enumerated().sorted { left, right in
      if left.element.pattern.isMoreSpecific(than: right.element.pattern) { return true }
      if right.element.pattern.isMoreSpecific(than: left.element.pattern) { return false }
      return left.offset < right.offset
    }.map(\.element)
  }

  func respond(to request: Request) throws -> Response {
    var allowed: Set<HTTPMethod> = []
    var getMatch: (Router.Route, Parameters)?
    for route in routes {
      guard let parameters = route.pattern.match(request.pathSegments) else { continue }
      if route.method == request.method {
        return try call(route, parameters, request)
      }
      allowed.insert(route.method)
      if route.method == .get, getMatch == nil {
        getMatch = (route, parameters)
      }
    }
    if request.method == .head, let (route, parameters) = getMatch {
      return try call(route, parameters, request)
    }
    if allowed.isEmpty {
      throw HTTPError(.notFound)
    }
    if allowed.contains(.get) {
      allowed.insert(.head)
    }
    let allow = allowed.map(\.rawValue).sorted().joined(separator: ", ")
    throw HTTPError(.methodNotAllowed, headers: ["Allow": allow])
  }

  private func call(
    _ route: Router.Route, _ parameters: Parameters, _ request: Request
  ) throws -> Response {
    var request = request
    request.parameters = parameters
    return try route.handler(request)
  }
}
