import CHTTPShim
import CMicroHTTPD

/// Reading from and answering on a libmicrohttpd connection. Called only from the callbacks,
/// on the connection's pool thread.
enum Connection {
  /// The request's header fields in order.
  static func headers(_ connection: OpaquePointer) -> HTTPHeaders {
    var headers = HTTPHeaders()
    withUnsafeMutablePointer(to: &headers) { pointer in
      _ = MHD_get_connection_values_n(
        connection, .HEADER_KIND,
        { cls, _, key, keySize, value, valueSize in
          let headers = cls!.assumingMemoryBound(to: HTTPHeaders.self)
          headers.pointee.add(
            name: Connection.string(key, keySize),
            value: value.map { Connection.string($0, valueSize) } ?? "")
          return .YES
        }, pointer)
    }
    return headers
  }

  /// The client's numeric IP address, or "" when unknown.
  static func clientAddress(_ connection: OpaquePointer) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    let result = buffer.withUnsafeMutableBufferPointer { pointer in
      nps_http_connection_client_ip(connection, pointer.baseAddress, pointer.count)
    }
    guard result == 0 else { return "" }
    return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
  }

  /// Queues `response` with the configured default headers. `close` (or a draining server)
  /// adds `Connection: close`.
  static func queue(
    _ response: Response, on connection: OpaquePointer, context: ServerContext, close: Bool
  ) -> MHD_Result {
    let body = response.body
    let mhdResponse = body.withUnsafeBytes { bytes in
      // MUST_COPY: libmicrohttpd keeps its own copy, so the Swift array may go.
      MHD_create_response_from_buffer(
        bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress), .RESPMEM_MUST_COPY)
    }
    guard let mhdResponse else { return .NO }
    defer { MHD_destroy_response(mhdResponse) }
    for field in response.headers where !isManagedByServer(field.name) {
      add(field.name, field.value, to: mhdResponse, context: context)
    }
    for field in context.configuration.defaultHeaders where !response.headers.contains(field.name) {
      add(field.name, field.value, to: mhdResponse, context: context)
    }
    if close || context.draining.load(ordering: .acquiring) {
      add("Connection", "close", to: mhdResponse, context: context)
    }
    return MHD_queue_response(connection, UInt32(response.status.code), mhdResponse)
  }

  /// Fields libmicrohttpd computes itself (from the body and the connection state).
  private static func isManagedByServer(_ name: String) -> Bool {
    HTTPHeaders.sameName(name, "Content-Length") || HTTPHeaders.sameName(name, "Transfer-Encoding")
  }

  private static func add(
    _ name: String, _ value: String, to response: OpaquePointer, context: ServerContext
  ) {
    if MHD_add_response_header(response, name, value) != .YES {
      context.logger.warning("libmicrohttpd refused response header \(name)")
    }
  }

  fileprivate static func string(_ pointer: UnsafePointer<CChar>?, _ count: Int) -> String {
    guard let pointer else { return "" }
    return pointer.withMemoryRebound(to: UInt8.self, capacity: count) {
      String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
    }
  }
}
