import CHTTPShim
import CMicroHTTPD

/// The C callbacks given to libmicrohttpd. None of them may capture context: each reaches the
/// `ServerContext` through its `cls` pointer and the `RequestState` through `*req_cls`.
enum Callbacks {
  /// MHD_OPTION_URI_LOG_CALLBACK: once per request, with the raw target. Creates the request
  /// state; the returned pointer becomes `*req_cls`.
  static let uri:
    @convention(c) (
      UnsafeMutableRawPointer?, UnsafePointer<CChar>?, OpaquePointer?
    ) -> UnsafeMutableRawPointer? = { cls, uri, _ in
      let context = Unmanaged<ServerContext>.fromOpaque(cls!).takeUnretainedValue()
      context.requestStarted()
      let state = RequestState(target: uri.map { String(cString: $0) } ?? "/")
      return Unmanaged.passRetained(state).toOpaque()
    }

  /// MHD_OPTION_NOTIFY_COMPLETED: once per request whose URI callback ran, answered or not.
  static let completed:
    @convention(c) (
      UnsafeMutableRawPointer?, OpaquePointer?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
      MHD_RequestTerminationCode
    ) -> Void = { cls, _, requestContext, termination in
      let context = Unmanaged<ServerContext>.fromOpaque(cls!).takeUnretainedValue()
      guard let requestContext, let pointer = requestContext.pointee else { return }
      requestContext.pointee = nil
      let state = Unmanaged<RequestState>.fromOpaque(pointer).takeRetainedValue()
      if termination != .REQUEST_TERMINATED_COMPLETED_OK {
        context.logger.debug(
          "\(state.method) \(state.target) ended early (\(termination.rawValue))")
      }
      context.requestFinished()
    }

  /// MHD_OPTION_EXTERNAL_LOGGER (through the shim's trampoline): libmicrohttpd's own errors.
  static let log: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> Void = {
    cls, message in
    let context = Unmanaged<ServerContext>.fromOpaque(cls!).takeUnretainedValue()
    context.logger.error("libmicrohttpd: \(message.map { String(cString: $0) } ?? "")")
  }

  /// The access handler. libmicrohttpd 0.9.75 drops keep-alive when a response is queued on the
  /// first call, so the response is queued only once the request is complete:
  /// first call (headers complete): read method and headers, reject an oversized
  /// `Content-Length`; calls with data: append to the body; last call (size 0): respond.
  static let access:
    @convention(c) (
      UnsafeMutableRawPointer?, OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
      UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafeMutablePointer<Int>?,
      UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    ) -> MHD_Result = {
      cls, connection, _, method, _, uploadData, uploadDataSize, requestContext in
      let context = Unmanaged<ServerContext>.fromOpaque(cls!).takeUnretainedValue()
      guard let connection, let requestContext, let uploadDataSize,
        let pointer = requestContext.pointee
      else { return .NO }
      let state = Unmanaged<RequestState>.fromOpaque(pointer).takeUnretainedValue()

      if !state.headersRead {
        state.headersRead = true
        state.method = HTTPMethod(method.map { String(cString: $0) } ?? "GET")
        state.headers = Connection.headers(connection)
        state.clientAddress = Connection.clientAddress(connection)
        if let length = state.headers["Content-Length"].flatMap({ Int($0) }),
          length > context.configuration.maxBodySize
        {
          // Answering now makes libmicrohttpd close the connection without reading the body,
          // which is what an oversized upload deserves.
          state.answered = true
          context.logger.debug("\(state.method) \(state.target): body of \(length) bytes refused")
          return Connection.queue(
            tooLarge(state, context), on: connection, context: context, close: true)
        }
        if let length = state.headers["Content-Length"].flatMap({ Int($0) }), length > 0 {
          state.body.reserveCapacity(length)
        }
        return .YES
      }

      let size = uploadDataSize.pointee
      if size > 0 {
        uploadDataSize.pointee = 0
        if state.answered { return .YES }
        state.receivedBytes += size
        if state.receivedBytes > context.configuration.maxBodySize {
          // libmicrohttpd 0.9.75 refuses to queue a response while a body is arriving, so the
          // rest is read and dropped and 413 follows on the last call. A body that keeps coming
          // past twice the limit is cut off by closing the connection.
          state.body = []
          if state.receivedBytes > 2 * context.configuration.maxBodySize {
            context.logger.debug("\(state.method) \(state.target): streamed body cut off")
            return .NO
          }
          return .YES
        }
        if let uploadData {
          state.body.append(contentsOf: UnsafeRawBufferPointer(start: uploadData, count: size))
        }
        return .YES
      }

      if state.answered { return .YES }
      if state.receivedBytes > context.configuration.maxBodySize {
        state.answered = true
        context.logger.debug("\(state.method) \(state.target): streamed body too large")
        return Connection.queue(
          tooLarge(state, context), on: connection, context: context, close: true)
      }
      state.answered = true
      let response = context.respond(to: state)
      state.body = []
      return Connection.queue(response, on: connection, context: context, close: false)
    }

  private static func tooLarge(_ state: RequestState, _ context: ServerContext) -> Response {
    context.configuration.refusal(.contentTooLarge, state.target)
  }
}
