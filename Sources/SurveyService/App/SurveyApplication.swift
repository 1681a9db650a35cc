import HTTPServer
import Storage

/// The HTTP face of the service: every route, frozen into one responder with the headers every
/// page carries.
public enum SurveyApplication {
  /// The Content-Security-Policy of every response: no external assets, no inline script
  /// except the survey page's own (allowed by hash where needed), no framing.
  public static let contentSecurityPolicy =
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; "
    + "script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

  public static func responder(_ context: ServiceContext) -> Responder {
    var router = Router()
    router.get("/healthz") { _ in .text("ok\n") }
    router.get("/readyz") { _ in readiness(context) }
    router.get("/") { _ in .redirect(to: "/dashboard") }
    SurveyPageRoutes.register(in: &router, context: context)
    APIRoutes.register(in: &router, context: context)
    DashboardRoutes.register(in: &router, context: context)
    let api = APIErrorResponses.middleware(logger: context.logger)
    return router.buildResponder().wrapped(storageUnavailable(logger: context.logger)).wrapped(api)
      .wrapped { request, next in
        var response = try next.respond(to: request)
        if response.headers["Content-Security-Policy"] == nil {
          response.headers["Content-Security-Policy"] = contentSecurityPolicy
        }
        return response
      }
  }

  /// Store failures that say the database cannot be reached or used right now, not that the
  /// request is wrong: answered `503` with `Retry-After` (a problem document under `/api/`), so
  /// clients and load balancers try again, instead of a `500`.
  static let unavailableStorage: Set<StorageError.Code> = [
    .cannotOpen, .connectionLost, .busy, .full, .ioError,
  ]

  static func storageUnavailable(logger: Logger)
    -> @Sendable (Request, Responder) throws
    -> Response
  {
    { request, next in
      do {
        return try next.respond(to: request)
      } catch let error as StorageError where unavailableStorage.contains(error.code) {
        logger.error("\(request.method) \(request.rawPath): \(String(reflecting: error))")
        throw HTTPError(
          .serviceUnavailable,
          message: "The service cannot reach its database right now. Please try again shortly.",
          headers: ["Retry-After": "5"])
      }
    }
  }

  /// `GET /readyz`: 200 when the database answers and its schema is this build's; else 503
  /// (the reason goes to the log). `/healthz` says only that the process serves HTTP.
  static func readiness(_ context: ServiceContext) -> Response {
    do {
      let version = try context.store.schemaVersion()
      guard version == Schema.latestVersion else {
        context.logger.error(
          "not ready: the database schema is version \(version), this build needs "
            + "\(Schema.latestVersion)")
        return HTTPError(.serviceUnavailable, message: "not ready: database schema\n").response()
      }
      return .text("ready\n")
    } catch {
      context.logger.error("not ready: \(String(reflecting: error))")
      return HTTPError(.serviceUnavailable, message: "not ready: database\n").response()
    }
  }

  /// What the server answers before routing (a body over the size limit, a target with a
  /// malformed percent escape): under `/api/` an RFC 9457 problem like every other API error,
  /// elsewhere the server's plain page.
  @Sendable public static func refusal(_ status: HTTPStatus, target: String) -> Response {
    let detail: String? =
      switch status.code {
      case 413: "the request body is larger than the server accepts"
      case 400: "the request target has a malformed percent escape or is not UTF-8"
      default: nil
      }
    guard target.hasPrefix("/api/") else {
      return HTTPError(status, message: status.code == 400 ? "Malformed request target" : nil)
        .response()
    }
    return ProblemDetails(status: status, detail: detail ?? status.reasonPhrase).response()
  }
}
