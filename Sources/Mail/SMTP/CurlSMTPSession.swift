import CCurl
import CCurlShim
import Foundation

/// Owns one curl easy handle configured for SMTP, and everything curl points into while it
/// lives: the error buffer, the transfer context, the current recipient list.
///
/// Threading rule: not thread-safe. One session is used by one thread at a time; ``SMTPTransport``
/// keeps it inside a `Mutex`, which is the only way the module uses it. Reusing the one handle
/// lets curl keep the connection open, so many messages travel over one connection.
final class CurlSMTPSession {
  private var handle: UnsafeMutableRawPointer?
  private let errorBuffer: UnsafeMutablePointer<CChar>
  /// Shared with curl's callbacks through an unretained pointer; lives as long as the handle.
  private let context = TransferContext()
  /// The RCPT list of the current (or last) transfer; curl keeps the pointer, so it is freed
  /// only after the next list replaces it or the handle is cleaned up.
  private var recipients: UnsafeMutablePointer<curl_slist>?
  private let configuration: SMTPConfiguration
  /// New connections opened by all transfers so far, failed ones included
  /// (CURLINFO_NUM_CONNECTS summed).
  private(set) var connectionsOpened = 0

  /// Creates and configures the handle; throws a permanent error if curl cannot start or
  /// refuses an option.
  init(configuration: SMTPConfiguration) throws(MailSendError) {
    guard CurlGlobal.ensureInitialised() else {
      throw MailSendError(kind: .permanent, detail: "curl_global_init failed")
    }
    guard let handle = curl_easy_init() else {
      throw MailSendError(kind: .permanent, detail: "curl_easy_init failed")
    }
    self.handle = handle
    self.configuration = configuration
    errorBuffer = .allocate(capacity: nps_curl_error_size())
    errorBuffer.initialize(repeating: 0, count: nps_curl_error_size())
    do {
      try configure(handle)
    } catch {
      close()
      throw error
    }
  }

  deinit { close() }

  /// Cleans up the handle (curl sends QUIT on an open connection) and frees what curl pointed
  /// into. Safe to call twice.
  func close() {
    if let handle {
      curl_easy_cleanup(handle)
      self.handle = nil
      errorBuffer.deallocate()
    }
    if let recipients {
      curl_slist_free_all(recipients)
      self.recipients = nil
    }
  }

  /// Sends one rendered message.
  func send(_ payload: Data, from sender: String, to recipientAddresses: [String])
    throws(MailSendError)
  {
    guard let handle else { throw MailSendError(kind: .permanent, detail: "transport is closed") }
    var list: UnsafeMutablePointer<curl_slist>?
    for address in recipientAddresses {
      guard let extended = curl_slist_append(list, "<" + address + ">") else {
        curl_slist_free_all(list)
        throw MailSendError(kind: .temporary, detail: "out of memory building recipients")
      }
      list = extended
    }
    try check(nps_curl_easy_setopt_slist(handle, CURLOPT_MAIL_RCPT, list), "MAIL_RCPT")
    if let old = recipients { curl_slist_free_all(old) }
    recipients = list
    try check(
      nps_curl_easy_setopt_string(handle, CURLOPT_MAIL_FROM, "<" + sender + ">"), "MAIL_FROM")
    try check(
      nps_curl_easy_setopt_off_t(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(payload.count)),
      "INFILESIZE")
    context.start(payload)
    errorBuffer[0] = 0
    let result = curl_easy_perform(handle)
    context.finish()
    var connects = 0
    if nps_curl_easy_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK {
      connectionsOpened += connects
    }
    guard result == CURLE_OK else { throw classify(result) }
  }

  private func configure(_ handle: UnsafeMutableRawPointer) throws(MailSendError) {
    let c = configuration
    try check(nps_curl_easy_setopt_string(handle, CURLOPT_URL, c.curlURL), "URL")
    try check(nps_curl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1), "NOSIGNAL")
    try check(nps_curl_easy_setopt_long(handle, CURLOPT_UPLOAD, 1), "UPLOAD")
    try check(
      nps_curl_easy_setopt_long(
        handle, CURLOPT_CONNECTTIMEOUT_MS, c.connectTimeout.curlMilliseconds),
      "CONNECTTIMEOUT_MS")
    try check(
      nps_curl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, c.totalTimeout.curlMilliseconds),
      "TIMEOUT_MS")
    let useSSL: curl_usessl =
      switch c.security {
      case .none: CURLUSESSL_NONE
      case .startTLSOptional: CURLUSESSL_TRY
      case .startTLSRequired, .implicitTLS: CURLUSESSL_ALL
      }
    try check(nps_curl_easy_setopt_long(handle, CURLOPT_USE_SSL, Int(useSSL.rawValue)), "USE_SSL")
    let verify = c.verifyTLS ? 1 : 0
    try check(nps_curl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, verify), "SSL_VERIFYPEER")
    try check(
      nps_curl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, c.verifyTLS ? 2 : 0),
      "SSL_VERIFYHOST")
    if let username = c.username {
      try check(nps_curl_easy_setopt_string(handle, CURLOPT_USERNAME, username), "USERNAME")
      try check(
        nps_curl_easy_setopt_string(handle, CURLOPT_PASSWORD, c.password ?? ""), "PASSWORD")
    }
    try check(nps_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer), "ERRORBUFFER")
    let contextPointer = Unmanaged.passUnretained(context).toOpaque()
    try check(nps_curl_easy_setopt_read_function(handle, curlReadCallback), "READFUNCTION")
    try check(nps_curl_easy_setopt_pointer(handle, CURLOPT_READDATA, contextPointer), "READDATA")
    // The debug callback sees the SMTP dialogue; it is how the failing command and the server's
    // reply text are known. VERBOSE is required for it to be called; with a debug function set,
    // curl prints nothing itself.
    try check(nps_curl_easy_setopt_debug_function(handle, curlDebugCallback), "DEBUGFUNCTION")
    try check(nps_curl_easy_setopt_pointer(handle, CURLOPT_DEBUGDATA, contextPointer), "DEBUGDATA")
    try check(nps_curl_easy_setopt_long(handle, CURLOPT_VERBOSE, 1), "VERBOSE")
  }

  private func check(_ code: CURLcode, _ option: String) throws(MailSendError) {
    guard code == CURLE_OK else {
      throw MailSendError(
        kind: .permanent,
        detail: "curl refused option \(option): \(String(cString: curl_easy_strerror(code)))")
    }
  }

  /// Turns a failed transfer into a classified error: the SMTP reply when there was one,
  /// otherwise curl's result code.
  private func classify(_ result: CURLcode) -> MailSendError {
    let curlText =
      errorBuffer[0] != 0
      ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(result))
    let detail = "curl error \(result.rawValue): \(curlText)"
    let log = context.log
    if let code = log.failedCode {
      let kind: MailSendError.Kind =
        code < 500 ? .temporary : (log.failedCommand == "RCPT" ? .permanentRecipient : .permanent)
      return MailSendError(
        kind: kind, detail: detail, smtpCode: code, serverText: log.failedText,
        command: log.failedCommand)
    }
    return MailSendError(kind: CurlSMTPSession.kind(of: result), detail: detail)
  }

  /// The class of a curl failure that came with no SMTP error reply.
  static func kind(of result: CURLcode) -> MailSendError.Kind {
    switch result {
    case CURLE_LOGIN_DENIED, CURLE_USE_SSL_FAILED, CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL,
      CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM,
      CURLE_SSL_CIPHER, CURLE_NOT_BUILT_IN, CURLE_AUTH_ERROR, CURLE_FAILED_INIT,
      CURLE_BAD_FUNCTION_ARGUMENT, CURLE_UNKNOWN_OPTION:
      .permanent
    default:
      // Connection refused or reset, time-outs, name resolution, TLS handshakes, odd replies:
      // worth another try later.
      .temporary
    }
  }
}

/// The per-transfer state curl's C callbacks reach through their context pointer: the bytes
/// being uploaded and the SMTP dialogue log.
final class TransferContext {
  private var payload: [UInt8] = []
  private var offset = 0
  let log = SMTPReplyLog()

  func start(_ data: Data) {
    payload = Array(data)
    offset = 0
    log.reset()
  }

  func finish() {
    payload = []
    offset = 0
  }

  /// Copies up to `capacity` bytes into curl's buffer; 0 means end of message.
  func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
    let count = min(capacity, payload.count - offset)
    guard count > 0 else { return 0 }
    payload.withUnsafeBufferPointer { source in
      UnsafeMutableRawPointer(buffer).copyMemory(
        from: source.baseAddress! + offset, byteCount: count)
    }
    offset += count
    return count
  }
}

/// curl's CURLOPT_READFUNCTION: hands curl the next part of the message.
private let curlReadCallback: curl_read_callback = { buffer, size, count, userData in
  guard let buffer, let userData else { return Int(CURL_READFUNC_ABORT) }
  let context = Unmanaged<TransferContext>.fromOpaque(userData).takeUnretainedValue()
  return context.read(into: buffer, capacity: size * count)
}

/// curl's CURLOPT_DEBUGFUNCTION: records SMTP commands sent and replies received.
private let curlDebugCallback: curl_debug_callback = { _, type, data, size, userData in
  guard let data, let userData else { return 0 }
  let context = Unmanaged<TransferContext>.fromOpaque(userData).takeUnretainedValue()
  switch type {
  case CURLINFO_HEADER_OUT:
    let bytes = UnsafeRawBufferPointer(start: data, count: min(size, 16))
    context.log.commandSent(String(decoding: bytes, as: UTF8.self))
  case CURLINFO_HEADER_IN:
    let bytes = UnsafeRawBufferPointer(start: data, count: min(size, 512))
    context.log.replyReceived(String(decoding: bytes, as: UTF8.self))
  default:
    break
  }
  return 0
}
