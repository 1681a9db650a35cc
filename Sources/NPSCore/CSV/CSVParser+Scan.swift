private let quote: UInt8 = 0x22
private let lineFeed: UInt8 = 0x0A
private let carriageReturn: UInt8 = 0x0D

extension CSVParser {
  /// Parses every complete record held in the buffer; keeps a partial one for later.
  func parseAvailable(final: Bool, _ body: (CSVRecord) throws -> Void) throws {
    if delimiter == nil {
      guard let detected = DelimiterDetector.detect(in: buffer + position, count: count - position, final: final)
      else { return }
      delimiter = detected
    }
    let delim = delimiter!
    let buf = buffer
    let end = count
    var p = position
    if skipLeadingLF, p < end {
      if buf[p] == lineFeed { p += 1 }
      skipLeadingLF = false
      position = p
    }
    retryLength = 0
    var fieldSpans = spans
    while p < end {
      let recordStart = p
      var fields = 0
      var extraLines = 0
      repairs.removeAll(keepingCapacity: true)
      while true {
        if fields == spanCapacity {
          growSpans()
          fieldSpans = spans
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
            if final { throw CSVError(code: .unterminatedQuote, line: nextLine) }
            try deferRecord(at: recordStart)
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
            repairs.append(fields)
          } else {
            fieldSpans[fields] = FieldSpan(start: open + 1, end: p - 1)
          }
        } else {
          let start = p
          while p < end {
            let byte = buf[p]
            if byte == delim || byte == lineFeed || byte == carriageReturn { break }
            p += 1
          }
          fieldSpans[fields] = FieldSpan(start: start, end: p)
        }
        fields += 1
        if p >= end {
          if final { break }
          try deferRecord(at: recordStart)
          return
        }
        let byte = buf[p]
        p += 1
        if byte == delim { continue }
        if byte == carriageReturn {
          if p < end {
            if buf[p] == lineFeed { p += 1 }
          } else if !final {
            skipLeadingLF = true
          }
        }
        break
      }
      for index in repairs { fieldSpans[index] = unquote(fieldSpans[index]) }
      let line = nextLine
      nextLine += extraLines + 1
      position = p
      try body(CSVRecord(base: buf, spans: fieldSpans, count: fields, line: line))
    }
    position = p
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
