import CCurl
import CCurlShim
import Foundation

/// Owns one curl easy handle set up for HTTP, with what curl points into while it lives: the
/// error buffer and the response collector.
///
/// Threading rule: not thread-safe; ``CurlHTTPClient`` keeps it inside a `Mutex`.
final class CurlEasyHandle {
  private var handle: UnsafeMutableRawPointer?
  private let errorBuffer: UnsafeMutablePointer<CChar>
  /// Reached by curl's write callback through an unretained pointer; lives as long as the handle.
  private let collector: BodyCollector
  private let configuration: CurlHTTPClient.Configuration

  init(configuration: CurlHTTPClient.Configuration) throws(HTTPClientError) {
    guard nps_curl_global_init_once() == CURLE_OK else {
      throw HTTPClientError(.other, "curl_global_init failed")
    }
    guard let handle = curl_easy_init() else {
      throw HTTPClientError(.other, "curl_easy_init failed")
    }
    self.handle = handle
    self.configuration = configuration
    collector = BodyCollector(limit: configuration.maxBodyBytes)
    errorBuffer = .allocate(capacity: nps_curl_error_size())
    errorBuffer.initialize(repeating: 0, count: nps_curl_error_size())
  }

  deinit {
    if let handle { curl_easy_cleanup(handle) }
    errorBuffer.deallocate()
  }

  func perform(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientResponse {
    guard let handle else { throw HTTPClientError(.other, "the handle is closed") }
    // Options are set again for every request: the handle keeps only its connection cache.
    curl_easy_reset(handle)
    try configure(handle)
    try check(nps_curl_easy_setopt_string(handle, CURLOPT_URL, request.url), "URL")
    var list: UnsafeMutablePointer<curl_slist>?
    defer { curl_slist_free_all(list) }
    // An empty `Expect:` stops curl from waiting for `100 Continue` before a larger body.
    for line in request.headers.map({ "\($0.name): \($0.value)" }) + ["Expect:"] {
      guard let extended = curl_slist_append(list, line) else {
        throw HTTPClientError(.other, "out of memory building headers")
      }
      list = extended
    }
    try check(nps_curl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, list), "HTTPHEADER")
    switch request.method {
    case .get:
      try check(nps_curl_easy_setopt_long(handle, CURLOPT_HTTPGET, 1), "HTTPGET")
    case .post:
      try check(
        nps_curl_easy_setopt_off_t(
          handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)),
        "POSTFIELDSIZE_LARGE")
      // COPYPOSTFIELDS copies the bytes, so nothing has to outlive this call.
      var body = request.body
      if body.isEmpty { body = [0] }
      let code = body.withUnsafeMutableBytes { bytes in
        nps_curl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, bytes.baseAddress)
      }
      try check(code, "COPYPOSTFIELDS")
    }
    collector.reset()
    errorBuffer[0] = 0
    let result = curl_easy_perform(handle)
    // The header list is freed by the defer above; curl must not keep the pointer.
    _ = nps_curl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, nil)
    guard result == CURLE_OK else { throw classify(result) }
    var status = 0
    _ = nps_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
    return HTTPClientResponse(status: status, body: collector.body)
  }

  private func configure(_ handle: UnsafeMutableRawPointer) throws(HTTPClientError) {
    let c = configuration
    try check(nps_curl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1), "NOSIGNAL")
    try check(nps_curl_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"), "PROTOCOLS")
    try check(
      nps_curl_easy_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"),
      "REDIR_PROTOCOLS")
    try check(nps_curl_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0), "FOLLOWLOCATION")
    try check(
      nps_curl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(c.connectTimeout)),
      "CONNECTTIMEOUT_MS")
    try check(
      nps_curl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds(c.totalTimeout)),
      "TIMEOUT_MS")
    try check(nps_curl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1), "SSL_VERIFYPEER")
    try check(nps_curl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2), "SSL_VERIFYHOST")
    try check(nps_curl_easy_setopt_string(handle, CURLOPT_USERAGENT, c.userAgent), "USERAGENT")
    try check(nps_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer), "ERRORBUFFER")
    let pointer = Unmanaged.passUnretained(collector).toOpaque()
    try check(nps_curl_easy_setopt_write_function(handle, curlWriteCallback), "WRITEFUNCTION")
    try check(nps_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, pointer), "WRITEDATA")
  }

  private func milliseconds(_ duration: Duration) -> Int {
    let (seconds, attoseconds) = duration.components
    return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
  }

  private func check(_ code: CURLcode, _ option: String) throws(HTTPClientError) {
    guard code == CURLE_OK else {
      throw HTTPClientError(
        .invalidRequest,
        "curl refused option \(option): \(String(cString: curl_easy_strerror(code)))")
    }
  }

  private func classify(_ result: CURLcode) -> HTTPClientError {
    let text =
      errorBuffer[0] != 0
      ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(result))
    let kind: HTTPClientError.Kind =
      switch result {
      case CURLE_OPERATION_TIMEDOUT: .timeout
      case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY,
        CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
        .connection
      case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE,
        CURLE_SSL_CERTPROBLEM:
        .tls
      case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: .invalidRequest
      default: .other
      }
    return HTTPClientError(kind, "curl error \(result.rawValue): \(text)")
  }
}

/// Keeps the first `limit` bytes of a response body and drops the rest.
final class BodyCollector {
  let limit: Int
  private(set) var body: [UInt8] = []

  init(limit: Int) { self.limit = limit }

  func reset() { body.removeAll(keepingCapacity: true) }

  func append(_ bytes: UnsafeRawBufferPointer) {
    let room = limit - body.count
    if room > 0 { body.append(contentsOf: bytes.prefix(room)) }
  }
}

/// curl's CURLOPT_WRITEFUNCTION: hands over received body bytes; all are taken.
private let curlWriteCallback: curl_write_callback = { data, size, count, userData in
  let total = size * count
  guard let data, let userData else { return total }
  let collector = Unmanaged<BodyCollector>.fromOpaque(userData).takeUnretainedValue()
  collector.append(UnsafeRawBufferPointer(start: data, count: total))
  return total
}
