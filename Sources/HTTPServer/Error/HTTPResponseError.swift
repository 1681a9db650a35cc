/// An error that knows the HTTP response it should become.
///
/// Throw one from a handler to answer with its status. Any other error becomes a plain
/// `500 Internal Server Error`; its detail goes only to the server's log.
public protocol HTTPResponseError: Error {
  /// The status of the response.
  var status: HTTPStatus { get }
  /// The full response sent to the client. Must say nothing secret.
  func response() -> Response
}

/// A ready-made `HTTPResponseError`: a status, a message safe to show, and optional headers.
public struct HTTPError: HTTPResponseError, Equatable, CustomStringConvertible {
  public let status: HTTPStatus
  /// Sent as the `text/plain` body; the status's reason phrase when nil.
  public let message: String?
  /// Extra headers for the response (e.g. `WWW-Authenticate`).
  public let headers: HTTPHeaders

  /// An error with a status, an optional public message and extra headers.
  public init(_ status: HTTPStatus, message: String? = nil, headers: HTTPHeaders = [:]) {
    self.status = status
    self.message = message
    self.headers = headers
  }

  public var description: String {
    message.map { "\(status): \($0)" } ?? status.description
  }

  public func response() -> Response {
    var response = Response.text(message ?? status.reasonPhrase, status: status)
    for field in headers {
      response.headers.add(name: field.name, value: field.value)
    }
    return response
  }

  /// `400 Bad Request` with a message.
  public static func badRequest(_ message: String) -> HTTPError {
    HTTPError(.badRequest, message: message)
  }
}
