/// An incremental RFC 4180 parser over UTF-8 bytes pushed to it in chunks of any size.
///
/// Feed bytes with `feed(_:_:)` and call `finish(_:)` once at the end; each complete record is
/// passed to the closure as a `CSVRecord` view, valid only during that call. The parser keeps
/// one partial record between chunks, so memory stays flat however long the input.
///
/// - Quoting: fields may be quoted; inside quotes the delimiter, CR and LF are data and `""` is
///   one quote. A quote inside an unquoted field is kept as a literal character.
/// - Line ends: CRLF, LF or a lone CR; the last record needs no final line end.
/// - Delimiter: comma, semicolon or tab, detected from the first lines unless given.
///
/// Threading: a parser is mutable state for one reader; use it from one thread at a time
/// (it is deliberately not `Sendable`).
public final class CSVParser {
  /// The default limit on one record's size: 8 MiB.
  public static let defaultMaxRecordBytes = 8 << 20

  /// The delimiter in use: given at init, or detected once enough input has arrived.
  public internal(set) var delimiter: UInt8?
  /// The largest record accepted, in bytes of UTF-8 text, not counting its line end (a record
  /// may span several lines when quoted fields hold line breaks). Longer records throw
  /// `CSVError.recordTooLong`, however the input is cut into chunks.
  public let maxRecordBytes: Int

  var buffer: UnsafeMutablePointer<UInt8>
  var capacity: Int
  /// Bytes held in `buffer`.
  var count = 0
  /// Where the next record starts in `buffer`.
  var position = 0
  var spans: UnsafeMutablePointer<FieldSpan>
  var spanCapacity: Int
  /// The line where the next record starts.
  var nextLine = 1
  /// A record ended with CR at the end of the buffer: an LF opening the next chunk belongs to it.
  var skipLeadingLF = false
  /// After an incomplete record, wait for this many bytes before parsing again (amortised).
  var retryLength = 0
  /// Fields of the current record that need unquoting in place (reused between records).
  var repairs: [Int] = []
  var finished = false

  /// Creates a parser; `delimiter` nil means detect it (comma, semicolon or tab). `firstLine` is
  /// the line number of the first byte (1, or more when reading a later part of a file).
  public init(
    delimiter: UInt8? = nil, maxRecordBytes: Int = CSVParser.defaultMaxRecordBytes,
    firstLine: Int = 1
  ) {
    self.delimiter = delimiter
    self.maxRecordBytes = maxRecordBytes
    self.nextLine = firstLine
    capacity = 1 << 16
    buffer = .allocate(capacity: capacity)
    spanCapacity = 64
    spans = .allocate(capacity: spanCapacity)
  }

  deinit {
    buffer.deallocate()
    spans.deallocate()
  }

  /// Appends `bytes` (UTF-8) and passes every record completed by them to `body`.
  public func feed(
    _ bytes: UnsafeRawBufferPointer, _ body: (CSVRecord) throws -> Void
  ) throws {
    precondition(!finished, "CSVParser.feed after finish")
    append(bytes)
    if count - position >= retryLength {
      try parseAvailable(final: false, body)
    }
  }

  /// Appends `bytes` (UTF-8) and passes every record completed by them to `body`.
  public func feed(_ bytes: [UInt8], _ body: (CSVRecord) throws -> Void) throws {
    try bytes.withUnsafeBytes { try feed($0, body) }
  }

  /// Ends the input: passes the last record (which needs no line end) to `body`.
  ///
  /// Throws `CSVError` when a quoted field is never closed.
  public func finish(_ body: (CSVRecord) throws -> Void) throws {
    guard !finished else { return }
    try parseAvailable(final: true, body)
    finished = true
  }

  /// The line where the next record will start (after `finish`, one past the last line).
  public var currentLine: Int { nextLine }

  /// Passes every complete record held to `body`, then says whether the input so far ended
  /// exactly at the end of a record (nothing held, not inside quotes). Input may follow.
  public func drain(_ body: (CSVRecord) throws -> Void) throws -> Bool {
    try parseAvailable(final: false, body)
    return delimiter != nil && position == count
  }

  private func append(_ bytes: UnsafeRawBufferPointer) {
    guard !bytes.isEmpty else { return }
    let held = count - position
    if position > 0 {
      if held > 0 { buffer.update(from: buffer + position, count: held) }
      count = held
      position = 0
    }
    // Keep 8 spare bytes past the data: the scanner reads whole 8-byte words.
    if held + bytes.count + 8 > capacity {
      var newCapacity = capacity
      while newCapacity < held + bytes.count + 8 { newCapacity *= 2 }
      let newBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
      newBuffer.update(from: buffer, count: held)
      buffer.deallocate()
      buffer = newBuffer
      capacity = newCapacity
    }
    UnsafeMutableRawPointer(buffer + count).copyMemory(
      from: bytes.baseAddress!, byteCount: bytes.count)
    count += bytes.count
  }

  func growSpans() {
    let newCapacity = spanCapacity * 2
    let newSpans = UnsafeMutablePointer<FieldSpan>.allocate(capacity: newCapacity)
    newSpans.update(from: spans, count: spanCapacity)
    spans.deallocate()
    spans = newSpans
    spanCapacity = newCapacity
  }

  /// Records that the record starting at `recordStart` is not complete yet, or throws
  /// `recordTooLong` when the part held is already over the limit. The next parse waits for
  /// twice as much input, but no longer than one byte past the limit, so a record that never
  /// ends is refused once `maxRecordBytes + 1` of it are held, whatever the chunk sizes.
  /// (The caller leaves `position` at `recordStart`.)
  func deferRecord(at recordStart: Int, line: Int) throws {
    let pending = count - recordStart
    if pending > maxRecordBytes {
      throw CSVError(code: .recordTooLong, line: line, limit: maxRecordBytes)
    }
    retryLength =
      maxRecordBytes == .max ? pending * 2 : min(pending * 2, maxRecordBytes + 1)
  }
}
