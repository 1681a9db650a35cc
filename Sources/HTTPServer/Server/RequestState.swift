/// What the server collects about one request between libmicrohttpd's callbacks.
///
/// Created in the URI callback (one per request), handed to C as a retained opaque pointer in
/// libmicrohttpd's `*req_cls`, released in the request-completed callback.
///
/// Threading: libmicrohttpd serves each connection on one pool thread, and all callbacks for a
/// request (URI, access handler, completed) run on that thread one after another, so the
/// mutable fields are never touched concurrently. The object never crosses into Swift
/// concurrency, so it needs no `Sendable` conformance.
final class RequestState {
  /// The request target exactly as sent (copied in the URI callback).
  let target: String
  /// Set on the first access-handler call, when the headers are complete.
  var headersRead = false
  var method = HTTPMethod.get
  var headers = HTTPHeaders()
  var clientAddress = ""
  var body: [UInt8] = []
  /// Body bytes received so far, including any dropped after the limit.
  var receivedBytes = 0
  /// A response was already queued (413): ignore the rest of the request.
  var answered = false

  init(target: String) {
    self.target = target
  }
}
