/// One HTTP request as a value: everything a handler may read, fully buffered.
public struct Request: Sendable {
  /// The method, e.g. `.get`.
  public var method: HTTPMethod
  /// The request target exactly as sent, e.g. `/s/ab%20c?x=1`.
  public var target: String
  /// The path part of the target, still percent-encoded, e.g. `/s/ab%20c`.
  public var rawPath: String
  /// The percent-decoded path segments, empty segments dropped: `/s/ab%20c/` is `["s", "ab c"]`.
  /// A decoded segment may contain `/` (from `%2F`).
  public var pathSegments: [String]
  /// The query string after `?`, undecoded; nil when the target has no `?`.
  public var rawQuery: String?
  /// The decoded query items (`+` is a space).
  public var query: FormFields
  /// The header fields in order (case-insensitive lookup).
  public var headers: HTTPHeaders
  /// The body bytes (empty when there is none).
  public var body: [UInt8]
  /// The client's numeric IP address, e.g. `127.0.0.1` or `::1`; empty when unknown.
  public var clientAddress: String
  /// Values of `:name` segments of the matched route, set by the router.
  public var parameters: Parameters
  /// Cookies from the `Cookie` headers by name (the first of a repeated name wins).
  public var cookies: [String: String]

  /// Builds a request from a raw target. Throws `400 Bad Request` when the path or query has a
  /// malformed percent escape or decodes to invalid UTF-8.
  public init(
    method: HTTPMethod, target: String, headers: HTTPHeaders = [:], body: [UInt8] = [],
    clientAddress: String = ""
  ) throws(HTTPError) {
    self.method = method
    self.target = target
    self.headers = headers
    self.body = body
    self.clientAddress = clientAddress
    self.parameters = Parameters()

    let pathAndQuery = Self.stripSchemeAndAuthority(target)
    let parts = pathAndQuery.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
    let path = parts[0]
    rawPath = String(path)
    rawQuery = parts.count > 1 ? String(parts[1]) : nil
    var segments: [String] = []
    for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
      guard let decoded = PercentDecoding.decode(segment, plusAsSpace: false) else {
        throw HTTPError.badRequest("Malformed path")
      }
      segments.append(decoded)
    }
    pathSegments = segments
    query =
      try rawQuery.map { query throws(HTTPError) in try FormFields(urlEncoded: query) }
      ?? FormFields()
    cookies = CookieParser.parse(headers.values(for: "Cookie"))
  }

  /// The decoded path, `/` joined: `/s/ab c`. Ambiguous when a segment holds `%2F`; route on
  /// `pathSegments`.
  public var path: String {
    "/" + pathSegments.joined(separator: "/")
  }

  /// The media type of `Content-Type` in lower case without parameters, e.g. `application/json`.
  public var mediaType: String? {
    guard let contentType = headers["Content-Type"] else { return nil }
    let type = contentType.split(separator: ";", maxSplits: 1).first ?? ""
    return type.trimmingASCIISpaces().lowercased()
  }

  /// The body as UTF-8 text, or nil when it is not valid UTF-8.
  public var bodyText: String? {
    String(validating: body, as: UTF8.self)
  }

  /// Drops `http://host` from an absolute-form target, leaving the path (at least `/`).
  private static func stripSchemeAndAuthority(_ target: String) -> Substring {
    guard !target.hasPrefix("/"), let schemeEnd = target.range(of: "://") else {
      return target[...]
    }
    let afterScheme = target[schemeEnd.upperBound...]
    guard let pathStart = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) else {
      return "/"
    }
    return afterScheme[pathStart...]
  }
}

extension Substring {
  /// Trims spaces and horizontal tabs (HTTP's optional whitespace) from both ends.
  func trimmingASCIISpaces() -> Substring {
    var result = self
    while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
    while let last = result.last, last == " " || last == "\t" { result.removeLast() }
    return result
  }
}
