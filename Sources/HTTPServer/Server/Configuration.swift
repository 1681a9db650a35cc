import Foundation

extension HTTPServer {
  /// Everything the server needs to listen and the limits it enforces, with documented defaults.
  public struct Configuration: Sendable {
    /// Numeric IPv4 or IPv6 address to bind (`0.0.0.0`, `::` for all). Default `127.0.0.1`.
    public var address: String
    /// TCP port; 0 lets the kernel choose (read `HTTPServer.port`). Default 8080.
    public var port: UInt16
    /// Threads of libmicrohttpd's internal epoll pool. Handlers run on these threads and are
    /// synchronous, so a handler that blocks holds up the other connections of its thread.
    /// Default: twice the number of active processors, at least 2.
    public var threadPoolSize: Int
    /// Maximum simultaneous connections; more are refused. Default 1000.
    public var connectionLimit: Int
    /// A connection idle (nothing received or sent) for this long is closed; whole seconds,
    /// rounded up. Default 30 s.
    public var connectionTimeout: Duration
    /// libmicrohttpd's memory pool per connection (MHD_OPTION_CONNECTION_MEMORY_LIMIT). It holds
    /// the request line and the headers, so it bounds their size: when they do not fit,
    /// libmicrohttpd 0.9.75 answers `431 Request Header Fields Too Large` itself (or `414 URI
    /// Too Long` when the request line alone does not fit) and closes the connection; the
    /// handler is not called. Default 32 KiB (libmicrohttpd's own default).
    public var connectionMemoryLimit: Int
    /// Largest accepted request body in bytes. A larger `Content-Length` is answered
    /// `413 Content Too Large` before the body is read. A chunked body that grows past it is
    /// read to its end and dropped, then answered 413 (libmicrohttpd 0.9.75 cannot answer
    /// while a body is arriving); one that grows past twice the limit makes the server close
    /// the connection without an answer. After a 413 the connection is closed. The handler is
    /// never called. Default 1 MiB.
    public var maxBodySize: Int
    /// `listen()` backlog; 0 keeps libmicrohttpd's default (`SOMAXCONN`). Default 0.
    public var listenBacklog: Int
    /// `SO_REUSEADDR` on the listening socket, so a restart can bind at once. Default true.
    /// Never `SO_REUSEPORT`: a second server on the same port fails to start instead of
    /// sharing the port's connections.
    public var reuseAddress: Bool
    /// Added to every response that does not set the same field itself. Default
    /// `X-Content-Type-Options: nosniff` (see `HTTPHeaders.securityDefaults`).
    public var defaultHeaders: HTTPHeaders
    /// The answer to a request the server refuses before any handler runs (`413` for a body
    /// over ``maxBodySize``, `400` for a target with a malformed percent escape or invalid
    /// UTF-8), given the status and the request target, so an application can answer in its
    /// own format (JSON problems under an API path, say).
    /// Default: `HTTPError(status).response()`.
    public var refusal: @Sendable (HTTPStatus, _ target: String) -> Response

    /// A configuration; every parameter has the default documented on its property.
    public init(
      address: String = "127.0.0.1",
      port: UInt16 = 8080,
      threadPoolSize: Int = max(2, 2 * ProcessInfo.processInfo.activeProcessorCount),
      connectionLimit: Int = 1000,
      connectionTimeout: Duration = .seconds(30),
      connectionMemoryLimit: Int = 32 * 1024,
      maxBodySize: Int = 1 << 20,
      listenBacklog: Int = 0,
      reuseAddress: Bool = true,
      defaultHeaders: HTTPHeaders = .securityDefaults,
      refusal: @escaping @Sendable (HTTPStatus, _ target: String) -> Response = { status, _ in
        HTTPError(status).response()
      }
    ) {
      self.address = address
      self.port = port
      self.threadPoolSize = threadPoolSize
      self.connectionLimit = connectionLimit
      self.connectionTimeout = connectionTimeout
      self.connectionMemoryLimit = connectionMemoryLimit
      self.maxBodySize = maxBodySize
      self.listenBacklog = listenBacklog
      self.refusal = refusal
      self.reuseAddress = reuseAddress
      self.defaultHeaders = defaultHeaders
    }

    /// `connectionTimeout` in whole seconds, rounded up (0 only for a zero duration).
    var connectionTimeoutSeconds: UInt32 {
      let (seconds, attoseconds) = connectionTimeout.components
      let whole = max(0, seconds) + (attoseconds > 0 ? 1 : 0)
      return UInt32(clamping: whole)
    }
  }
}

extension HTTPHeaders {
  /// Headers every response should carry unless it says otherwise:
  /// `X-Content-Type-Options: nosniff` and `Referrer-Policy: same-origin`. The application sets
  /// its own `Content-Security-Policy`.
  public static let securityDefaults: HTTPHeaders = [
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
  ]
}
