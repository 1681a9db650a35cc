import Foundation
import HTTPServer

/// An error answered as `application/problem+json` (RFC 9457): a type, a title, the status, a
/// detail, and for invalid input the bad fields (`errors`, each with a JSON Pointer) and, for a
/// batch, the same grouped by item (`items`).
public struct ProblemDetails: HTTPResponseError, Sendable, Hashable, Encodable {
  /// One rejected item of a batch.
  public struct Item: Sendable, Hashable, Encodable {
    public var index: Int
    public var errors: [FieldProblem]
  }

  public var type: String
  public var title: String
  public var statusCode: Int
  public var detail: String?
  public var errors: [FieldProblem]?
  public var items: [Item]?
  /// Extra response headers (`WWW-Authenticate`, `Retry-After`); not in the body.
  public var headers: [String: String]

  public var status: HTTPStatus {
    HTTPStatus(code: statusCode, reasonPhrase: title)
  }

  public init(
    status: HTTPStatus, type: String = "about:blank", title: String? = nil, detail: String? = nil,
    errors: [FieldProblem]? = nil, items: [Item]? = nil, headers: [String: String] = [:]
  ) {
    self.type = type
    self.title = title ?? status.reasonPhrase
    self.statusCode = status.code
    self.detail = detail
    self.errors = errors
    self.items = items
    self.headers = headers
  }

  /// The 422 answer to invalid interactions.
  public init(_ error: IngestValidationError) {
    let rejected = error.items.count
    self.init(
      status: .unprocessableContent, type: "urn:nps:problem:invalid-interactions",
      title: "Invalid interactions",
      detail: error.isBatch
        ? "\(rejected) interaction(s) are invalid; nothing was stored"
        : "the interaction is invalid; nothing was stored",
      errors: error.problems,
      items: error.isBatch
        ? error.items.keys.sorted().map { Item(index: $0, errors: error.items[$0]!) } : nil)
  }

  enum CodingKeys: String, CodingKey {
    case type, title, detail, errors, items
    case statusCode = "status"
  }

  public func response() -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let body = (try? encoder.encode(self)) ?? Data("{}".utf8)
    var response = Response(
      status: status, headers: ["Content-Type": "application/problem+json"], body: Array(body))
    for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
      response.headers[name] = value
    }
    return response
  }
}
