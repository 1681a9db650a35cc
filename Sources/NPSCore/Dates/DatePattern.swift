/// A `--date-format` pattern: a small subset of Unicode date patterns, read on bytes.
///
/// Fields: `yyyy` (4-digit year), `yy` (2000 + yy), `MM`/`dd`/`HH`/`hh`/`mm`/`ss` (exactly two
/// digits), `M`/`d`/`H`/`h`/`m`/`s` (one or two digits), `S...` (fraction of a second), `a` (AM/PM),
/// `X`/`XX`/`XXX`/`Z` (`Z` or an offset like `+01:00`, `+0100`). Any other character is literal; text in
/// single quotes (`'T'`) is literal. Examples: `yyyy-MM-dd HH:mm`, `dd.MM.yyyy`, `dd/MM/yyyy`.
public struct DatePattern: Sendable, Hashable, CustomStringConvertible {
  enum Token: Sendable, Hashable {
    case year4, year2, month(exact: Bool), day(exact: Bool), hour24(exact: Bool)
    case hour12(exact: Bool), minute(exact: Bool), second(exact: Bool), fraction, amPm, offset
    case literal(UInt8)
  }

  let tokens: [Token]
  /// The pattern as written.
  public let description: String

  /// Reads a pattern; throws when it uses a letter outside the subset or has no year, month, day.
  public init(_ pattern: String) throws(DateFormatError) {
    var tokens: [Token] = []
    let bytes = Array(pattern.utf8)
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0x27 {  // 'literal'
        index += 1
        while index < bytes.count, bytes[index] != 0x27 {
          tokens.append(.literal(bytes[index]))
          index += 1
        }
        index += 1
        continue
      }
      let isLetter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
      guard isLetter else {
        tokens.append(.literal(byte))
        index += 1
        continue
      }
      var run = 1
      while index + run < bytes.count, bytes[index + run] == byte { run += 1 }
      index += run
      let exact = run >= 2
      switch byte {
      case UInt8(ascii: "y"):
        guard run == 4 || run == 2 else { throw DateFormatError(pattern: pattern) }
        tokens.append(run == 4 ? .year4 : .year2)
      case UInt8(ascii: "M"): tokens.append(.month(exact: exact))
      case UInt8(ascii: "d"): tokens.append(.day(exact: exact))
      case UInt8(ascii: "H"): tokens.append(.hour24(exact: exact))
      case UInt8(ascii: "h"): tokens.append(.hour12(exact: exact))
      case UInt8(ascii: "m"): tokens.append(.minute(exact: exact))
      case UInt8(ascii: "s"): tokens.append(.second(exact: exact))
      case UInt8(ascii: "S"): tokens.append(.fraction)
      case UInt8(ascii: "a"): tokens.append(.amPm)
      case UInt8(ascii: "X"), UInt8(ascii: "Z"): tokens.append(.offset)
      default: throw DateFormatError(pattern: pattern)
      }
    }
    let hasYear = tokens.contains { $0 == .year4 || $0 == .year2 }
    let hasMonth = tokens.contains { if case .month = $0 { true } else { false } }
    let hasDay = tokens.contains { if case .day = $0 { true } else { false } }
    guard hasYear, hasMonth, hasDay else { throw DateFormatError(pattern: pattern) }
    self.tokens = tokens
    self.description = pattern
  }

  /// Reads a date-time written in this pattern; nil when the text does not match exactly.
  func parse(_ text: inout ByteCursor) -> CivilDateTime? {
    var civil = CivilDateTime(year: 0, month: 0, day: 0)
    var pm: Bool?
    for token in tokens {
      switch token {
      case .year4:
        guard let year = text.number(minDigits: 4, maxDigits: 4) else { return nil }
        civil.year = year
      case .year2:
        guard let year = text.number(minDigits: 2, maxDigits: 2) else { return nil }
        civil.year = 2000 + year
      case .month(let exact):
        guard let value = text.number(minDigits: exact ? 2 : 1, maxDigits: 2) else { return nil }
        civil.month = value
      case .day(let exact):
        guard let value = text.number(minDigits: exact ? 2 : 1, maxDigits: 2) else { return nil }
        civil.day = value
      case .hour24(let exact), .hour12(let exact):
        guard let value = text.number(minDigits: exact ? 2 : 1, maxDigits: 2) else { return nil }
        civil.hour = value
      case .minute(let exact):
        guard let value = text.number(minDigits: exact ? 2 : 1, maxDigits: 2) else { return nil }
        civil.minute = value
      case .second(let exact):
        guard let value = text.number(minDigits: exact ? 2 : 1, maxDigits: 2) else { return nil }
        civil.second = value
      case .fraction:
        guard let value = text.fraction() else { return nil }
        civil.fraction = value
      case .amPm:
        guard let value = text.amPm() else { return nil }
        pm = value
      case .offset:
        guard let value = text.utcOffset() else { return nil }
        civil.utcOffset = value
      case .literal(let byte):
        guard text.skip(byte) else { return nil }
      }
    }
    guard text.isAtEnd else { return nil }
    if let pm {
      guard (1...12).contains(civil.hour) else { return nil }
      civil.hour = civil.hour % 12 + (pm ? 12 : 0)
    }
    return civil
  }
}

/// A `--date-format` value that is neither a known name nor a valid pattern.
public struct DateFormatError: Error, Sendable, Hashable, CustomStringConvertible {
  public let pattern: String

  public var description: String {
    "unknown date format \"\(pattern)\": use auto, iso8601, unix, us, excel, or a pattern such as"
      + " yyyy-MM-dd HH:mm or dd.MM.yyyy (fields yyyy yy MM M dd d HH H hh h mm m ss s S a X)"
  }
}
