import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A minimal HTTP/1.1 client on a raw TCP socket, so tests see the exact bytes on the wire and
/// which requests share a connection. Every read and write has a timeout.
final class RawClient {
  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  /// One parsed response.
  struct Reply {
    let statusLine: String
    let status: Int
    /// Header fields in order, as sent.
    let headers: [(name: String, value: String)]
    let body: [UInt8]

    var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// Values of `name` (case-insensitive), in order.
    func values(_ name: String) -> [String] {
      headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    func header(_ name: String) -> String? { values(name).first }
  }

  let socket: Int32
  private var buffer: [UInt8] = []

  /// Connects to 127.0.0.1:`port`; throws with errno's text when the connection fails.
  init(port: UInt16, timeoutSeconds: Int = 10) throws {
    let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
    var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard result == 0 else {
      let code = errno
      close(fd)
      throw Failure(description: "connect: \(String(cString: strerror(code)))")
    }
    socket = fd
  }

  deinit {
    close(socket)
  }

  /// Sends all of `text`'s UTF-8 bytes.
  func send(_ text: String) throws {
    try send(Array(text.utf8))
  }

  /// Sends all of `bytes`.
  func send(_ bytes: [UInt8]) throws {
    var offset = 0
    while offset < bytes.count {
      let sent = bytes[offset...].withUnsafeBytes {
        Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      guard sent > 0 else { throw Failure(description: "send failed: errno \(errno)") }
      offset += sent
    }
  }

  /// Reads one response. `hasBody: false` for a HEAD request (no body follows the headers,
  /// whatever Content-Length says).
  func readResponse(hasBody: Bool = true) throws -> Reply {
    let headerEnd = try readUntilHeaderEnd()
    let head = String(decoding: buffer[..<headerEnd], as: UTF8.self)
    buffer.removeFirst(headerEnd + 4)
    var lines = head.components(separatedBy: "\r\n")
    let statusLine = lines.removeFirst()
    let statusParts = statusLine.split(separator: " ")
    guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
      throw Failure(description: "bad status line \(statusLine)")
    }
    let headers = lines.map { line -> (name: String, value: String) in
      let colon = line.firstIndex(of: ":")!
      return (
        String(line[..<colon]),
        String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
      )
    }
    var body: [UInt8] = []
    if hasBody {
      if let length = headers.first(where: { $0.name.lowercased() == "content-length" })
        .flatMap({ Int($0.value) })
      {
        while buffer.count < length {
          guard try fill() else { throw Failure(description: "closed inside the body") }
        }
        body = Array(buffer[..<length])
        buffer.removeFirst(length)
      } else {
        while try fill() {}
        body = buffer
        buffer = []
      }
    }
    return Reply(statusLine: statusLine, status: status, headers: headers, body: body)
  }

  /// Reads until the server closes the connection; returns every unread byte.
  func readToEnd() throws -> [UInt8] {
    while try fill() {}
    defer { buffer = [] }
    return buffer
  }

  /// Whether the server has closed the connection (reads to the end; unread bytes are lost).
  func isClosedByServer() -> Bool {
    (try? readToEnd()) != nil
  }

  private func readUntilHeaderEnd() throws -> Int {
    let separator: [UInt8] = [13, 10, 13, 10]
    var searchFrom = 0
    while true {
      if buffer.count >= 4 {
        for index in searchFrom...(buffer.count - 4)
        where Array(buffer[index..<index + 4]) == separator {
          return index
        }
        searchFrom = buffer.count - 3
      }
      guard try fill() else { throw Failure(description: "closed before the headers ended") }
    }
  }

  /// Reads more bytes; false at end of stream.
  private func fill() throws -> Bool {
    var chunk = [UInt8](repeating: 0, count: 16 * 1024)
    let received = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
    if received < 0 {
      if errno == ECONNRESET { return false }
      throw Failure(description: "recv failed or timed out: errno \(errno)")
    }
    if received == 0 { return false }
    buffer.append(contentsOf: chunk[..<received])
    return true
  }
}
