import Foundation

/// Where one field's bytes lie in the parser's buffer (half-open, already unquoted).
@usableFromInline
struct FieldSpan: Sendable {
  @usableFromInline var start: Int
  @usableFromInline var end: Int

  @inlinable init(start: Int, end: Int) {
    self.start = start
    self.end = end
  }
}

/// A view of one parsed CSV record: its fields as UTF-8 bytes and the line where it starts.
///
/// A record borrows the parser's buffer: it is valid only inside the closure it is passed to.
/// Copy what you need (`string(at:)`) before the closure returns.
public struct CSVRecord {
  @usableFromInline let base: UnsafePointer<UInt8>
  @usableFromInline let spans: UnsafePointer<FieldSpan>
  /// The number of fields in this record.
  public let count: Int
  /// The 1-based line of the file where this record starts (the header is line 1).
  public let line: Int

  @usableFromInline
  init(base: UnsafePointer<UInt8>, spans: UnsafePointer<FieldSpan>, count: Int, line: Int) {
    self.base = base
    self.spans = spans
    self.count = count
    self.line = line
  }

  /// The unquoted bytes of field `index`, or an empty buffer when the record has no such field.
  @inlinable
  public func bytes(at index: Int) -> UnsafeBufferPointer<UInt8> {
    guard index >= 0, index < count else { return UnsafeBufferPointer(start: nil, count: 0) }
    let span = spans[index]
    return UnsafeBufferPointer(start: base + span.start, count: span.end - span.start)
  }

  /// The field as a String (empty when the record has no such field).
  @inlinable
  public func string(at index: Int) -> String {
    String(decoding: bytes(at: index), as: UTF8.self)
  }

  /// The field without leading and trailing whitespace (as `trimmingCharacters(in:
  /// .whitespaces)`): ASCII spaces and tabs are cut from the bytes; a field that starts or ends
  /// with a non-ASCII byte (perhaps a Unicode space) goes through Foundation.
  public func trimmedString(at index: Int) -> String {
    let field = bytes(at: index)
    var start = 0
    var end = field.count
    while start < end, field[start] == 0x20 || field[start] == 0x09 { start += 1 }
    while end > start, field[end - 1] == 0x20 || field[end - 1] == 0x09 { end -= 1 }
    let text = String(decoding: UnsafeBufferPointer(rebasing: field[start..<end]), as: UTF8.self)
    guard start < end, field[start] >= 0x80 || field[end - 1] >= 0x80 else { return text }
    return text.trimmingCharacters(in: .whitespaces)
  }

  /// True when every field is empty (an empty line, or a row of bare delimiters).
  public var isEmptyRow: Bool {
    for index in 0..<count where spans[index].end > spans[index].start { return false }
    return true
  }

  /// All fields as strings (allocates; for headers and tests, not the hot path).
  public var strings: [String] { (0..<count).map { string(at: $0) } }
}

/// A record copied out of the parser, for the few rows a caller must hold (header rows).
struct OwnedRecord: Sendable {
  var bytes: [UInt8]
  var spans: [FieldSpan]
  var line: Int

  init(_ record: CSVRecord) {
    var bytes: [UInt8] = []
    var spans: [FieldSpan] = []
    for index in 0..<record.count {
      let field = record.bytes(at: index)
      let start = bytes.count
      bytes.append(contentsOf: field)
      spans.append(FieldSpan(start: start, end: bytes.count))
    }
    self.bytes = bytes
    self.spans = spans
    self.line = record.line
  }

  var strings: [String] {
    spans.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
  }

  /// Calls `body` with a record view of this copy.
  func withRecord<R>(_ body: (CSVRecord) throws -> R) rethrows -> R {
    try bytes.withUnsafeBufferPointer { bytePointer in
      try spans.withUnsafeBufferPointer { spanPointer in
        // An empty array may have no base address; give the view a valid dummy one.
        var dummy: UInt8 = 0
        return try withUnsafePointer(to: &dummy) { dummyPointer in
          var dummySpan = FieldSpan(start: 0, end: 0)
          return try withUnsafePointer(to: &dummySpan) { dummySpanPointer in
            try body(
              CSVRecord(
                base: bytePointer.baseAddress ?? dummyPointer,
                spans: spanPointer.baseAddress ?? dummySpanPointer, count: spans.count, line: line))
          }
        }
      }
    }
  }
}
