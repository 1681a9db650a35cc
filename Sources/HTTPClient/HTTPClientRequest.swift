/// One header field of a request or response.
public struct HTTPClientHeader: Sendable, Hashable {
  public var name: String
  public var value: String

  public init(_ name: String, _ value: String) {
    self.name = name
    self.value = value
  }
}

/// A request to send: a method, an absolute http(s) URL, headers in order and a body.
public struct HTTPClientRequest: Sendable, Hashable {
  public enum Method: String, Sendable, Hashable {
    case get = "GET"
    case post = "POST"
  }

  public var method: Method
  public var url: String
  public var headers: [HTTPClientHeader]
  public var body: [UInt8]

  public init(
    method: Method = .post, url: String, headers: [HTTPClientHeader] = [], body: [UInt8] = []
  ) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
  }
}

/// What the server answered.
public struct HTTPClientResponse: Sendable, Hashable {
  /// The status code, e.g. 200.
  public var status: Int
  /// The start of the body, up to the client's ``CurlHTTPClient/Configuration/maxBodyBytes``.
  public var body: [UInt8]

  public init(status: Int, body: [UInt8]) {
    self.status = status
    self.body = body
  }

  /// Whether the status is 2xx.
  public var isSuccess: Bool { (200..<300).contains(status) }
}

/// A request that got no HTTP response: a bad URL, a refused connection, a time-out, TLS.
public struct HTTPClientError: Error, Sendable, Hashable, CustomStringConvertible {
  public enum Kind: String, Sendable, Hashable {
    /// The URL or a header cannot be sent (never worth retrying).
    case invalidRequest
    /// Could not connect, or the connection broke.
    case connection
    case timeout
    /// TLS handshake or certificate problem.
    case tls
    /// Anything else curl reported.
    case other
  }

  public var kind: Kind
  /// curl's message, e.g. "Failed to connect to 127.0.0.1 port 9: Connection refused".
  public var detail: String

  public init(_ kind: Kind, _ detail: String) {
    self.kind = kind
    self.detail = detail
  }

  public var description: String { "\(kind.rawValue): \(detail)" }
}
