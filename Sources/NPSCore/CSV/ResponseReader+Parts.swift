/// Reading one file in two parts at once (two cores), with a split that is checked, not trusted.
///
/// 1. Read the start of the file with a reader `first` until `first.resumption` is set (the
///    header is read).
/// 2. Choose a split near the middle with `CSVSplit.lineStart(in:after:)`. The second part's
///    first line is 1 + `CSVSplit.lineBreaks(in:)` of the bytes before the split; or read it with
///    `firstLine: 1` and shift its line numbers afterwards by `first.currentLine - 1`.
/// 3. On another thread, read `[split, end)` with `ResponseReader(resuming:firstLine:)` and
///    `finish`. Meanwhile feed `first` up to the split and call `first.drain(_:)`.
/// 4. If `drain` returns true, the split fell between two records (the first reader, which read
///    from the true start, ended exactly there), so the second part's rows are right: add its
///    `summary` with `ReadSummary.add(_:keptLineLimit:)`. If false (the split fell inside a
///    quoted field), throw the second part's results away and feed `[split, end)` to `first`,
///    then `finish` it.
extension ResponseReader {
  /// What a reader of a later part of the same input needs: layout, delimiter, encoding.
  public struct Resumption: Sendable {
    let options: ResponseReaderOptions
    let layout: ResponseTableLayout
    let delimiter: UInt8
    let encoding: TextEncoding
    let sawNonASCII: Bool
  }

  /// Set once the header rows are read, for UTF-8 and Windows-1252 input (nil for UTF-16).
  public var resumption: Resumption? {
    guard let layout, let delimiter = parser.delimiter,
      encoding == .utf8 || encoding == .windows1252
    else { return nil }
    return Resumption(
      options: options, layout: layout, delimiter: delimiter, encoding: encoding,
      sawNonASCII: decoder.sawNonASCII)
  }

  /// A reader for bytes that start a line of the same input, `firstLine` being its number.
  public convenience init(resuming resumption: Resumption, firstLine: Int) {
    self.init(
      options: resumption.options, layout: resumption.layout,
      parser: CSVParser(
        delimiter: resumption.delimiter, maxRecordBytes: resumption.options.maxRecordBytes,
        firstLine: firstLine),
      decoder: TextEncodingDetector(
        continuing: resumption.encoding, sawNonASCII: resumption.sawNonASCII))
  }

  /// The line where the next record starts (after `drain` returned true: the split's line).
  public var currentLine: Int { parser.currentLine }

  /// Passes every complete row held to `body`; true when the input so far ends exactly between
  /// two records (and characters). This does not end the input: more may be fed, then `finish`.
  public func drain(_ body: (ResponseRow) throws -> Void) throws -> Bool {
    var reading = self.reading
    self.reading = RowReading()
    defer { self.reading = reading }
    guard reading.isReady, decoder.isAtCharacterBoundary else { return false }
    do {
      return try parser.drain { try handle($0, &reading, body) }
    } catch let error as CSVError {
      throw ResponseReadError(error)
    }
  }
}

extension ReadSummary {
  /// Adds the counts of a later part of the same input (its lines come after these). When the
  /// later part was read with `firstLine: 1`, pass `shiftingLinesBy: first.currentLine - 1`.
  public mutating func add(
    _ later: ReadSummary, shiftingLinesBy shift: Int = 0, keptLineLimit: Int = 1_000
  ) {
    rows += later.rows
    tally += later.tally
    blankCount += later.blankCount
    blankLines += later.blankLines.prefix(max(0, keptLineLimit - blankLines.count)).map {
      $0 + shift
    }
    rejectedCount += later.rejectedCount
    rejected += later.rejected.prefix(max(0, keptLineLimit - rejected.count)).map {
      RejectedLine(line: $0.line + shift, text: $0.text, reason: $0.reason)
    }
    emptyRows += later.emptyRows
    undatedCount += later.undatedCount
    undatedLines += later.undatedLines.prefix(max(0, keptLineLimit - undatedLines.count)).map {
      $0 + shift
    }
  }
}

/// Finding where to split a CSV byte stream between two readers.
public enum CSVSplit {
  /// The offset just after the first line end (LF, CRLF or lone CR) at or after `offset`; nil
  /// when there is none, or when a CR is the last byte (its LF may follow).
  public static func lineStart(in bytes: UnsafeRawBufferPointer, after offset: Int) -> Int? {
    var index = max(0, offset)
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x0A { return index + 1 }
      if byte == 0x0D {
        guard index + 1 < bytes.count else { return nil }
        return bytes[index + 1] == 0x0A ? index + 2 : index + 1
      }
      index += 1
    }
    return nil
  }

  /// The number of line ends in `bytes` (LF, CRLF and lone CR count one each), wherever they
  /// are, in quotes or not: 1 + this is the line number of the byte after `bytes`. The bytes must
  /// not end between a CR and its LF (a split from `lineStart` never does).
  public static func lineBreaks(in bytes: UnsafeRawBufferPointer) -> Int {
    let count = bytes.count
    guard count > 0, let base = bytes.baseAddress else { return 0 }
    let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    let lineFeeds: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
    let returns: UInt64 = 0x0D0D_0D0D_0D0D_0D0D
    /// High bit set exactly in the bytes of `x` that are zero.
    @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 {
      ~(((x & low7) &+ low7) | x) & ~low7
    }
    var breaks = 0
    var index = 0
    var previousWasReturn = false
    while index + 8 <= count {
      let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
      let lf = zeroBytes(word ^ lineFeeds)
      let cr = zeroBytes(word ^ returns)
      if lf | cr != 0 {
        // A CR followed by an LF is one line end: count the LF, not the CR.
        let crBeforeLF = cr & (lf >> 8)
        breaks += lf.nonzeroBitCount + cr.nonzeroBitCount - crBeforeLF.nonzeroBitCount
        if previousWasReturn && lf & 0x80 != 0 { breaks -= 1 }
      }
      previousWasReturn = cr >> 63 != 0
      index += 8
    }
    while index < count {
      let byte = bytes[index]
      if byte == 0x0A {
        if !previousWasReturn { breaks += 1 }
        previousWasReturn = false
      } else {
        if byte == 0x0D { breaks += 1 }
        previousWasReturn = byte == 0x0D
      }
      index += 1
    }
    return breaks
  }
}
