import HTTPServer

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
    router.get("/") { _ in .redirect(to: "/dashboard") }
    SurveyPageRoutes.register(in: &router, context: context)
    APIRoutes.register(in: &router, context: context)
    DashboardRoutes.register(in: &router, context: context)
    let api = APIErrorResponses.middleware(logger: context.logger)
    return router.buildResponder().wrapped(api).wrapped { request, next in
      var response = try next.respond(to: request)
      if response.headers["Content-Security-Policy"] == nil {
        response.headers["Content-Security-Policy"] = contentSecurityPolicy
      }
      return response
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
