import Foundation

/// Writes each message as an `.eml` file into a folder instead of sending it.
///
/// This is the default transport, so the service runs without a mail server. The file name is
/// the time of writing (UTC, milliseconds) and the sanitised Message-ID, e.g.
/// `20261203T130540.123Z-a1b2c3@example.com.eml`. Each file is written to a hidden temporary
/// file in the same folder, flushed, then renamed into place, so a reader never sees half a
/// message. Safe from any thread: each send writes its own temporary file.
public struct OutboxTransport: MailTransport {
  /// The folder holding the .eml files.
  public let folder: URL
  private let now: @Sendable () -> Date

  /// Creates the folder (and parents) if needed. `now` is the clock used for file names.
  public init(folder: URL, now: @escaping @Sendable () -> Date = { Date() }) throws(MailSendError) {
    if let reason = Self.makeFolder(folder.path) {
      throw MailSendError(
        kind: .permanent, detail: "cannot create the outbox folder \(folder.path): \(reason)")
    }
    self.folder = folder
    self.now = now
  }

  /// Makes `path` and its missing parents (mode 0755); nil when it is a folder afterwards,
  /// else the operating system's reason (`Permission denied`, `Not a directory`), which
  /// Foundation's errors do not always carry.
  static func makeFolder(_ path: String) -> String? {
    var current = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/") {
      current += "/" + part
      if mkdir(current, 0o755) != 0 {
        let failure = errno
        var status = stat()
        guard failure == EEXIST, stat(current, &status) == 0 else {
          return String(cString: strerror(failure))
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
          return "\(current) exists and is not a folder"
        }
      }
    }
    return nil
  }

  /// Writes the message; returns the URL of the new file.
  @discardableResult
  public func write(_ message: MailMessage) throws(MailSendError) -> URL {
    let data: Data
    do { data = try message.rendered() } catch { throw error.sendError }
    let name = OutboxTransport.fileName(date: now(), messageID: message.messageID)
    let target = folder.appendingPathComponent(name)
    let temporary = folder.appendingPathComponent(".tmp-\(UUID().uuidString).eml")
    do {
      try OutboxTransport.writeSynced(data, to: temporary)
      guard rename(temporary.path, target.path) == 0 else {
        throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
      }
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw MailSendError(kind: .temporary, detail: "cannot write \(target.path): \(error)")
    }
    return target
  }

  public func send(_ message: MailMessage) throws(MailSendError) {
    try write(message)
  }

  /// `yyyyMMdd'T'HHmmss.SSS'Z'-<id>.eml`, the id reduced to `A-Za-z0-9._@-` and 100 characters.
  static func fileName(date: Date, messageID: MessageID) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let parts = calendar.dateComponents(
      [.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
    func pad(_ value: Int?, _ width: Int) -> String {
      let text = String(value ?? 0)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    let millis = (parts.nanosecond ?? 0) / 1_000_000
    let stamp =
      pad(parts.year, 4) + pad(parts.month, 2) + pad(parts.day, 2) + "T" + pad(parts.hour, 2)
      + pad(parts.minute, 2) + pad(parts.second, 2) + "." + pad(millis, 3) + "Z"
    let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._@-")
    var id = String(messageID.value.map { allowed.contains($0) ? $0 : "_" }.prefix(100))
    while id.hasPrefix(".") { id.removeFirst() }
    return stamp + "-" + id + ".eml"
  }

  private static func writeSynced(_ data: Data, to url: URL) throws {
    let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    defer { close(descriptor) }
    try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) throws in
      var offset = 0
      while offset < buffer.count {
        let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        offset += written
      }
    }
    guard fsync(descriptor) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
  }
}
