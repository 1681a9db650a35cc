/// A request handler: runs on one of the server's pool threads and must not block for long.
public typealias Handler = @Sendable (Request) throws -> Response

/// An immutable function from request to response: a frozen router, or any wrapping of one.
///
/// Wrap a responder to add behaviour around every request (middleware):
/// ```swift
/// let app = router.buildResponder().wrapped { request, next in
///   var response = try next.respond(to: request)
///   response.headers["Cache-Control"] = "no-store"
///   return response
/// }
/// ```
public struct Responder: Sendable {
  private let body: Handler

  /// A responder that calls `respond`.
  public init(_ respond: @escaping Handler) {
    body = respond
  }

  /// Answers `request`; errors propagate (the router throws `HTTPError` 404 and 405).
  public func respond(to request: Request) throws -> Response {
    try body(request)
  }

  /// A responder that runs `middleware` with the request and this responder as `next`.
  public func wrapped(
    _ middleware: @escaping @Sendable (Request, Responder) throws -> Response
  ) -> Responder {
    let next = self
    return Responder { request in try middleware(request, next) }
  }

  /// Answers `request`, turning errors into responses as the server does: an
  /// `HTTPResponseError` becomes its own response (logged at debug); any other error becomes a
  /// plain `500 Internal Server Error` and its detail goes only to `logger` at error level.
  public func response(for request: Request, logger: Logger = .disabled) -> Response {
    do {
      return try body(request)
    } catch let error as any HTTPResponseError {
      logger.debug("\(request.method) \(request.rawPath): \(error.status)")
      return error.response()
    } catch {
      logger.error("\(request.method) \(request.rawPath) failed: \(String(reflecting: error))")
      return HTTPError(.internalServerError).response()
    }
  }
}
