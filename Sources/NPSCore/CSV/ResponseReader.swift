import Foundation

/// Reads survey responses from CSV bytes pushed to it: encoding, CSV, layout, scores and dates.
///
/// Push chunks of any size with `feed(_:_:)`, then call `finish(_:)`; every data row is passed
/// to the closure as a `ResponseRow` (blank and rejected rows too, with their `score` saying so).
/// Nothing is accumulated per row: memory stays flat however long the file. Counts are in
/// `summary`, the chosen columns in `layout` (set once the header rows are read), the
/// encoding in `encoding`.
///
/// Threading: one reader serves one input from one thread at a time (it is not `Sendable`).
public final class ResponseReader {
  public let options: ResponseReaderOptions
  /// The layout, once the header rows have been read (nil before, and for an empty input).
  public internal(set) var layout: ResponseTableLayout?
  /// Counts so far: complete after `finish`, updated between `feed` calls (not during one).
  public var summary: ReadSummary { reading.summary }

  var decoder = TextEncodingDetector()
  let parser: CSVParser
  private var headerRecords: [OwnedRecord] = []
  private var headerRowsNeeded = 1
  /// Per-row state, set once the header is read.
  var reading = RowReading()

  public init(options: ResponseReaderOptions = ResponseReaderOptions()) {
    self.options = options
    parser = CSVParser(delimiter: options.delimiter, maxRecordBytes: options.maxRecordBytes)
  }

  /// A reader that starts with a known layout (see `ResponseReader+Parts.swift`).
  init(
    options: ResponseReaderOptions, layout: ResponseTableLayout, parser: CSVParser,
    decoder: TextEncodingDetector
  ) {
    self.options = options
    self.parser = parser
    self.decoder = decoder
    self.layout = layout
    self.reading = RowReading(layout: layout, options: options)
  }

  /// The encoding the input is read with (UTF-8 until the bytes show otherwise).
  public var encoding: TextEncoding { decoder.encoding }
  /// True when the input began with a byte order mark.
  public var hadByteOrderMark: Bool { decoder.hadByteOrderMark }
  /// Bytes of a UTF-8 file that were invalid and read as Windows-1252.
  public var invalidUTF8Bytes: Int { decoder.invalidUTF8Bytes }
  /// The delimiter, once detected.
  public var delimiter: UInt8? { parser.delimiter }
  /// The date format in use (for `.auto`, once the first date has been read).
  public var dateFormat: DateFormat? { reading.dateParser?.resolved }

  /// Reads `bytes` and passes each completed data row to `body`.
  ///
  /// Throws `ResponseReadError` (no score column, ambiguous columns, malformed CSV) or what
  /// `body` throws.
  public func feed(_ bytes: UnsafeRawBufferPointer, _ body: (ResponseRow) throws -> Void) throws {
    try decode(bytes, final: false, body)
  }

  /// Reads `bytes` and passes each completed data row to `body`.
  public func feed(_ bytes: [UInt8], _ body: (ResponseRow) throws -> Void) throws {
    try bytes.withUnsafeBytes { try decode($0, final: false, body) }
  }

  /// Ends the input: passes the last rows to `body`. Throws `.noHeader` for an empty input.
  public func finish(_ body: (ResponseRow) throws -> Void) throws {
    try decode(UnsafeRawBufferPointer(start: nil, count: 0), final: true, body)
    var reading = self.reading
    self.reading = RowReading()
    defer { self.reading = reading }
    do {
      try parser.finish { try handle($0, &reading, body) }
    } catch let error as CSVError {
      throw ResponseReadError(error)
    }
    if !reading.isReady {
      guard !headerRecords.isEmpty else { throw ResponseReadError(.noHeader) }
      reading = try decideLayout(body)
    }
  }

  /// Reads a whole in-memory input and returns its rows copied out (for tests and small files).
  public func readAll(_ bytes: [UInt8]) throws -> [ResponseRecord] {
    var rows: [ResponseRecord] = []
    let collect: (ResponseRow) throws -> Void = { [unowned self] row in
      rows.append(row.copy(layout: self.layout!))
    }
    try feed(bytes, collect)
    try finish(collect)
    return rows
  }

  private func decode(
    _ bytes: UnsafeRawBufferPointer, final: Bool, _ body: (ResponseRow) throws -> Void
  ) throws {
    // The row state lives in a local while the chunk is read (see `RowReading`).
    var reading = self.reading
    self.reading = RowReading()
    defer { self.reading = reading }
    do {
      try decoder.decode(bytes, final: final) { utf8 in
        try parser.feed(utf8) { try handle($0, &reading, body) }
      }
    } catch let error as CSVError {
      throw ResponseReadError(error)
    }
  }

  func handle(
    _ record: CSVRecord, _ reading: inout RowReading, _ body: (ResponseRow) throws -> Void
  ) throws {
    if reading.isReady {
      try reading.read(record, body)
      return
    }
    if headerRecords.isEmpty {
      if record.isEmptyRow { return }  // blank lines above the header
      headerRowsNeeded = HeaderRows.rowsNeeded(first: record.strings)
    }
    headerRecords.append(OwnedRecord(record))
    if headerRecords.count >= headerRowsNeeded { reading = try decideLayout(body) }
  }

  /// Reads the header rows held so far, then any held rows that turned out to be data.
  private func decideLayout(_ body: (ResponseRow) throws -> Void) throws -> RowReading {
    let headers = HeaderRows(rows: headerRecords.map(\.strings))
    let layout = try ResponseTableLayout(headers: headers, options: options)
    self.layout = layout
    var reading = RowReading(layout: layout, options: options)
    let held = headerRecords.dropFirst(headers.count)
    headerRecords = []
    for record in held { try record.withRecord { try reading.read($0, body) } }
    return reading
  }
}
