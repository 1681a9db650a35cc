import Foundation
import HTTPServer

/// Every error under `/api/` as an RFC 9457 problem (`application/problem+json` with type,
/// title, status and detail), whoever raised it: the API's own ``ProblemDetails``, the
/// router's 404 and 405 (the `Allow` header kept), a plain `HTTPError` from shared code such
/// as the report filter, or an unexpected failure (500, its detail only in the log).
enum APIErrorResponses {
  /// Whether `request` is one of the API's: its first path segment is `api`.
  static func isAPI(_ request: Request) -> Bool {
    request.pathSegments.first == "api"
  }

  /// Wraps `next` so that every error answer to an API request is a problem document.
  static func middleware(logger: Logger) -> @Sendable (Request, Responder) throws -> Response {
    { request, next in
      guard isAPI(request) else { return try next.respond(to: request) }
      let response: Response
      do {
        response = try next.respond(to: request)
      } catch let error as ProblemDetails {
        return error.response()
      } catch let error as any HTTPResponseError {
        response = error.response()
      } catch {
        logger.error("\(request.method) \(request.rawPath) failed: \(String(reflecting: error))")
        return ProblemDetails(
          status: .internalServerError, detail: "the server failed to answer; see its log"
        ).response()
      }
      return problem(response, request: request)
    }
  }

  /// `response` itself unless it is an error that is not yet a problem document; then the
  /// same status and extra headers with a problem body whose detail is the plain text the
  /// error carried (or, for a bare status, what it means here).
  static func problem(_ response: Response, request: Request) -> Response {
    guard response.status.code >= 400,
      response.headers["Content-Type"] != "application/problem+json"
    else { return response }
    var text = ""
    if response.headers["Content-Type"]?.hasPrefix("text/plain") == true {
      text = String(decoding: response.body, as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    }
    let detail =
      text.isEmpty || text == response.status.reasonPhrase
      ? defaultDetail(response, request: request) : text
    var extra: [String: String] = [:]
    for field in response.headers {
      let name = field.name.lowercased()
      if name != "content-type" && name != "content-length" {
        extra[field.name] = field.value
      }
    }
    return ProblemDetails(status: response.status, detail: detail, headers: extra).response()
  }

  private static func defaultDetail(_ response: Response, request: Request) -> String {
    switch response.status.code {
    case 404: return "there is no API resource at \(request.rawPath)"
    case 405:
      let allow = response.headers["Allow"].map { "; use \($0)" } ?? ""
      return "\(request.method.rawValue) is not allowed on \(request.rawPath)\(allow)"
    default: return response.status.reasonPhrase
    }
  }
}
