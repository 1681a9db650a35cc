import Foundation

/// One HTTP response as a value: status, header fields (names may repeat) and body bytes.
///
/// `Content-Length` is computed by the server from `body`; do not set it (it is dropped).
/// For `HEAD` the server sends the headers of the response, including the `Content-Length`
/// of `body`, and no body.
public struct Response: Sendable, Equatable {
  /// The status.
  public var status: HTTPStatus
  /// The header fields in order.
  public var headers: HTTPHeaders
  /// The body bytes.
  public var body: [UInt8]

  /// A response with the given parts.
  public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: [UInt8] = []) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  /// `text/html; charset=utf-8`.
  public static func html(_ html: String, status: HTTPStatus = .ok) -> Response {
    Response(
      status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: Array(html.utf8))
  }

  /// `text/plain; charset=utf-8`.
  public static func text(_ text: String, status: HTTPStatus = .ok) -> Response {
    Response(
      status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(text.utf8)
    )
  }

  /// `application/json` encoded with `encoder` (default: a plain `JSONEncoder` with sorted keys
  /// so output is stable).
  public static func json(
    _ value: some Encodable, status: HTTPStatus = .ok, encoder: JSONEncoder = defaultJSONEncoder()
  ) throws -> Response {
    let data = try encoder.encode(value)
    return Response(
      status: status, headers: ["Content-Type": "application/json"], body: Array(data))
  }

  /// A redirect with `Location` and no body; `303 See Other` by default (the answer to a POST).
  public static func redirect(to location: String, status: HTTPStatus = .seeOther) -> Response {
    Response(status: status, headers: ["Location": location])
  }

  /// No body; `204 No Content` by default.
  public static func empty(status: HTTPStatus = .noContent) -> Response {
    Response(status: status)
  }

  /// Adds a `Set-Cookie` field (several cookies give several fields).
  public mutating func setCookie(_ cookie: Cookie) {
    headers.add(name: "Set-Cookie", value: cookie.headerValue)
  }

  /// A copy with the cookie added.
  public func settingCookie(_ cookie: Cookie) -> Response {
    var copy = self
    copy.setCookie(cookie)
    return copy
  }

  /// The encoder `json(_:)` uses by default: sorted keys, ISO 8601 dates.
  public static func defaultJSONEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return encoder
  }
}
