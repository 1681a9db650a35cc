private let quote: UInt8 = 0x22
private let lineFeed: UInt8 = 0x0A
private let carriageReturn: UInt8 = 0x0D
private let ones: UInt64 = 0x0101_0101_0101_0101
private let highBits: UInt64 = 0x8080_8080_8080_8080

extension CSVParser {
  /// Parses every complete record held in the buffer; keeps a partial one for later.
  /// A record longer than `maxRecordBytes` (its line end not counted) throws `recordTooLong`,
  /// complete or not.
  ///
  /// The hot loop keeps its state in locals (class properties cost an exclusivity check per
  /// access) and finds the end of an unquoted field eight bytes at a time: a byte equal to the
  /// delimiter, CR or LF makes a zero byte in `word ^ splat`, found with the classic
  /// `(x - 0x01..) & ~x & 0x80..` test, whose lowest set bit is always the first real match.
  func parseAvailable(final: Bool, _ body: (CSVRecord) throws -> Void) throws {
    if delimiter == nil {
      guard
        let detected = DelimiterDetector.detect(
          in: buffer + position, count: count - position, final: final)
      else {
        retryLength = (count - position) * 2  // look again once twice as much has arrived
        return
      }
      delimiter = detected
    }
    let delim = delimiter!
    let buf = buffer
    let end = count
    var p = position
    if skipLeadingLF, p < end {
      if buf[p] == lineFeed { p += 1 }
      skipLeadingLF = false
    }
    retryLength = 0
    // Written back once on the way out, not per record.
    var line = nextLine
    var committed = p
    var repairList = repairs
    repairs = []
    defer {
      nextLine = line
      position = committed
      repairs = repairList
    }
    var fieldSpans = spans
    var spanLimit = spanCapacity
    let delimiterSplat = UInt64(delim) &* ones
    let lineFeedSplat = UInt64(lineFeed) &* ones
    let carriageReturnSplat = UInt64(carriageReturn) &* ones
    let raw = UnsafeRawPointer(buf)
    let maxBytes = maxRecordBytes
    while p < end {
      let recordStart = p
      var fields = 0
      var extraLines = 0
      var repairCount = 0
      // Where the record's bytes end: at its line end, or at the end of the input.
      var recordEnd = p
      while true {
        if fields == spanLimit {
          growSpans()
          fieldSpans = spans
          spanLimit = spanCapacity
        }
        if p < end, buf[p] == quote {
          // Quoted field: scan to the closing quote, counting line ends inside it.
          let open = p
          p += 1
          var repair = false
          var closed = false
          while p < end {
            let byte = buf[p]
            if byte == quote {
              if p + 1 < end {
                if buf[p + 1] == quote {
                  repair = true
                  p += 2
                  continue
                }
              } else if !final {
                break  // cannot tell `"` from `""` yet
              }
              closed = true
              p += 1
              break
            } else if byte == lineFeed {
              extraLines += 1
            } else if byte == carriageReturn, p + 1 >= end || buf[p + 1] != lineFeed {
              extraLines += 1
            }
            p += 1
          }
          if !closed {
            if final { throw CSVError(code: .unterminatedQuote, line: line) }
            try deferRecord(at: recordStart, line: line)
            return
          }
          // Anything between the closing quote and the delimiter is irregular but kept.
          while p < end {
            let byte = buf[p]
            if byte == delim || byte == lineFeed || byte == carriageReturn { break }
            repair = true
            p += 1
          }
          if repair {
            fieldSpans[fields] = FieldSpan(start: open, end: p)
            if repairCount < repairList.count {
              repairList[repairCount] = fields
            } else {
              repairList.append(fields)
            }
            repairCount += 1
          } else {
            fieldSpans[fields] = FieldSpan(start: open + 1, end: p - 1)
          }
        } else {
          let start = p
          // The buffer has 8 spare bytes past `end`: a match found there is clamped to `end`.
          while true {
            let word = raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)
            let a = word ^ delimiterSplat
            let b = word ^ lineFeedSplat
            let c = word ^ carriageReturnSplat
            let found =
              ((a &- ones) & ~a | (b &- ones) & ~b | (c &- ones) & ~c) & highBits
            if found != 0 {
              p += found.trailingZeroBitCount >> 3
              break
            }
            p += 8
            if p >= end { break }
          }
          if p > end { p = end }
          fieldSpans[fields] = FieldSpan(start: start, end: p)
        }
        fields += 1
        if p >= end {
          if final {
            recordEnd = p
            break
          }
          try deferRecord(at: recordStart, line: line)
          return
        }
        let byte = buf[p]
        p += 1
        if byte == delim { continue }
        recordEnd = p - 1
        if byte == carriageReturn {
          if p < end {
            if buf[p] == lineFeed { p += 1 }
          } else if !final {
            skipLeadingLF = true
          }
        }
        break
      }
      // The same limit as for a record still incomplete (`deferRecord`): whether a record
      // arrived in one chunk or in many must not change whether it is accepted.
      if recordEnd - recordStart > maxBytes {
        throw CSVError(code: .recordTooLong, line: line, limit: maxBytes)
      }
      for index in 0..<repairCount {
        fieldSpans[repairList[index]] = unquote(fieldSpans[repairList[index]])
      }
      let recordLine = line
      line += extraLines + 1
      committed = p
      try body(CSVRecord(base: buf, spans: fieldSpans, count: fields, line: recordLine))
    }
  }

  /// Rewrites an irregular or escaped quoted field in place: `""` becomes `"`, a lone quote
  /// closes (or outside quotes is literal), and the result is a span of the compacted bytes.
  private func unquote(_ span: FieldSpan) -> FieldSpan {
    var read = span.start
    var write = span.start
    var inQuotes = false
    var opened = false
    while read < span.end {
      let byte = buffer[read]
      if byte == quote {
        if inQuotes {
          if read + 1 < span.end, buffer[read + 1] == quote {
            buffer[write] = quote
            write += 1
            read += 2
            continue
          }
          inQuotes = false
          read += 1
          continue
        } else if !opened {
          inQuotes = true
          opened = true
          read += 1
          continue
        }
      }
      buffer[write] = byte
      write += 1
      read += 1
    }
    return FieldSpan(start: span.start, end: write)
  }
}
