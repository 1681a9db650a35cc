import Foundation

/// Reads the dates of one column into instants, fast, on the field's bytes.
///
/// With `.auto`, the first value that parses decides the column's format: `YYYY-` starts ISO 8601,
/// `M/` or `MM/` starts a US date, 9-11 digits are Unix seconds and 12-14 digits Unix
/// milliseconds; five-digit day numbers (optionally with a fraction) are Excel serial days only
/// when `excelSerialInAuto` is set (the reader sets it for a column found by a date name). Later
/// values are read in that format; one that does not fit is tried once against the other formats.
/// Times without an offset are wall-clock times in `timeZone`.
public struct DateParser {
  /// The format asked for.
  public let format: DateFormat
  /// The format in use: `format`, or for `.auto` the one chosen from the first value (nil until then).
  public var resolved: DateFormat? {
    switch resolvedKind {
    case .none: nil
    case .iso8601: .iso8601
    case .unix: .unix
    case .usMonthDayYear: .usMonthDayYear
    case .excelSerial: .excelSerial
    case .pattern: pattern.map(DateFormat.pattern)
    }
  }

  /// The resolved format without payload, cheap to test on every value.
  enum Kind {
    case none, iso8601, unix, usMonthDayYear, excelSerial, pattern

    init(_ format: DateFormat) {
      switch format {
      case .auto: self = .none
      case .iso8601: self = .iso8601
      case .unix: self = .unix
      case .usMonthDayYear: self = .usMonthDayYear
      case .excelSerial: self = .excelSerial
      case .pattern: self = .pattern
      }
    }
  }

  var resolvedKind: Kind
  /// The last date read and its day number: consecutive rows mostly share a day.
  var lastDateKey = Int.min
  var lastDays = 0
  let isAuto: Bool
  let pattern: DatePattern?
  /// Whether `.auto` may read five-digit numbers as Excel serial days.
  public let excelSerialInAuto: Bool
  var converter: LocalTimeConverter

  public init(
    format: DateFormat = .auto, timeZone: TimeZone = TimeZone(identifier: "UTC")!,
    excelSerialInAuto: Bool = false
  ) {
    self.format = format
    self.resolvedKind = Kind(format)
    self.isAuto = format == .auto
    if case .pattern(let pattern) = format { self.pattern = pattern } else { self.pattern = nil }
    self.excelSerialInAuto = excelSerialInAuto
    self.converter = LocalTimeConverter(timeZone: timeZone)
  }

  /// The time zone for values without an offset.
  public var timeZone: TimeZone { converter.timeZone }

  /// What this parser reads, for the message about a value it could not read.
  public var expectation: String { format.expectation(excelSerialInAuto: excelSerialInAuto) }

  /// The instant written in `text`, or nil when it is not a date in the column's format.
  public mutating func parse(_ text: String) -> Date? {
    var text = text
    return text.withUTF8 { parse($0) }
  }

  /// The instant written in `bytes` (UTF-8), or nil when it is not a date in the column's format.
  public mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
    guard let seconds = parseSeconds(bytes) else { return nil }
    return Date(timeIntervalSince1970: seconds)
  }

  /// Like `parse(_:)`, as seconds since 1970-01-01 UTC.
  public mutating func parseSeconds(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    if resolvedKind != .none, let seconds = parse(bytes, as: resolvedKind) { return seconds }
    guard isAuto, let guess = Self.guessFormat(bytes, excelSerial: excelSerialInAuto),
      guess != resolvedKind, let seconds = parse(bytes, as: guess)
    else { return nil }
    if resolvedKind == .none { resolvedKind = guess }
    return seconds
  }

  /// The format a value looks like, or nil.
  static func guessFormat(_ bytes: UnsafeBufferPointer<UInt8>, excelSerial: Bool) -> Kind? {
    var cursor = ByteCursor(trimming: bytes)
    let start = cursor.index
    guard let leading = cursor.number(minDigits: 1, maxDigits: 20) else { return nil }
    let digits = cursor.index - start
    switch cursor.peek {
    case UInt8(ascii: "-") where digits == 4: return .iso8601
    case UInt8(ascii: "/") where digits <= 2: return .usMonthDayYear
    case nil, UInt8(ascii: "."):
      if cursor.peek == UInt8(ascii: ".") {
        cursor.index += 1
        guard cursor.fraction() != nil, cursor.isAtEnd else { return nil }
      }
      if (9...14).contains(digits) { return .unix }
      if excelSerial, digits == 5, leading >= 10_000 { return .excelSerial }
      return nil
    default: return nil
    }
  }

  mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, as format: Kind) -> Double? {
    var cursor = ByteCursor(trimming: bytes)
    guard !cursor.isAtEnd else { return nil }
    switch format {
    case .none: return nil
    case .unix: return Self.unix(&cursor)
    case .excelSerial: return excel(&cursor)
    case .iso8601:
      if let seconds = fixedISO8601(cursor) { return seconds }
      guard let civil = Self.iso8601(&cursor) else { return nil }
      return instant(civil)
    case .usMonthDayYear:
      guard let civil = Self.usDate(&cursor) else { return nil }
      return instant(civil)
    case .pattern:
      guard let civil = pattern?.parse(&cursor) else { return nil }
      return instant(civil)
    }
  }

  mutating func instant(_ civil: CivilDateTime) -> Double? {
    let key = civil.dateKey
    if key != lastDateKey {
      guard civil.isDateValid else { return nil }
      lastDays = CivilDateTime.daysFromCivil(year: civil.year, month: civil.month, day: civil.day)
      lastDateKey = key
    }
    guard civil.isTimeValid else { return nil }
    let local = lastDays * 86_400 + civil.secondsOfDay
    let seconds = civil.utcOffset.map { local - $0 } ?? converter.instant(localSeconds: local)
    return Double(seconds) + civil.fraction
  }

  /// The common shape `YYYY-MM-DDTHH:MM:SS`, then `Z`, an offset or a fraction, read at fixed
  /// positions straight to seconds; nil for anything else (which the general reader then tries).
  @inline(__always)
  mutating func fixedISO8601(_ cursor: ByteCursor) -> Double? {
    let length = cursor.end - cursor.index
    guard length >= 19 else { return nil }
    let base = cursor.bytes.baseAddress! + cursor.index
    guard base[4] == 0x2D, base[7] == 0x2D, base[10] == 0x54 || base[10] == 0x20,
      base[13] == 0x3A, base[16] == 0x3A
    else { return nil }
    var bad: UInt8 = 0
    @inline(__always) func two(_ offset: Int) -> Int {
      let tens = base[offset] &- 0x30
      let units = base[offset + 1] &- 0x30
      bad |= (tens > 9 ? 1 : 0) | (units > 9 ? 1 : 0)
      return Int(tens) &* 10 &+ Int(units)
    }
    let year = two(0) &* 100 &+ two(2)
    let month = two(5)
    let day = two(8)
    let hour = two(11)
    let minute = two(14)
    let second = two(17)
    guard bad == 0, hour < 24, minute < 60, second <= 60 else { return nil }
    let key = year &* 10_000 &+ month &* 100 &+ day
    if key != lastDateKey {
      let civil = CivilDateTime(year: year, month: month, day: day)
      guard civil.isDateValid else { return nil }
      lastDays = CivilDateTime.daysFromCivil(year: year, month: month, day: day)
      lastDateKey = key
    }
    let local = lastDays &* 86_400 &+ hour &* 3_600 &+ minute &* 60 &+ second
    if length == 19 { return Double(converter.instant(localSeconds: local)) }
    if length == 20 && base[19] == UInt8(ascii: "Z") { return Double(local) }
    var tail = cursor
    tail.index += 19
    var fraction = 0.0
    if tail.skip(0x2E) {
      guard let value = tail.fraction() else { return nil }
      fraction = value
      if tail.isAtEnd { return Double(converter.instant(localSeconds: local)) + fraction }
    }
    guard let offset = tail.utcOffset(), tail.isAtEnd else { return nil }
    return Double(local - offset) + fraction
  }

  static func iso8601(_ cursor: inout ByteCursor) -> CivilDateTime? {
    guard let year = cursor.number(minDigits: 4, maxDigits: 4), cursor.skip(0x2D),
      let month = cursor.number(minDigits: 2, maxDigits: 2), cursor.skip(0x2D),
      let day = cursor.number(minDigits: 2, maxDigits: 2)
    else { return nil }
    var civil = CivilDateTime(year: year, month: month, day: day)
    if cursor.isAtEnd { return civil }
    guard cursor.skip(UInt8(ascii: "T")) || cursor.skip(UInt8(ascii: " ")) else { return nil }
    guard readTime(&cursor, into: &civil) else { return nil }
    if cursor.isAtEnd { return civil }
    _ = cursor.skip(UInt8(ascii: " "))
    guard let offset = cursor.utcOffset(), cursor.isAtEnd else { return nil }
    civil.utcOffset = offset
    return civil
  }

  /// Reads `H:MM[:SS[.fff]]` (hours of one or two digits).
  static func readTime(_ cursor: inout ByteCursor, into civil: inout CivilDateTime) -> Bool {
    guard let hour = cursor.number(minDigits: 1, maxDigits: 2), cursor.skip(0x3A),
      let minute = cursor.number(minDigits: 2, maxDigits: 2)
    else { return false }
    civil.hour = hour
    civil.minute = minute
    if cursor.skip(0x3A) {
      guard let second = cursor.number(minDigits: 2, maxDigits: 2) else { return false }
      civil.second = second
      if cursor.skip(0x2E) || cursor.skip(0x2C) {
        guard let fraction = cursor.fraction() else { return false }
        civil.fraction = fraction
      }
    }
    return true
  }

  static func usDate(_ cursor: inout ByteCursor) -> CivilDateTime? {
    guard let month = cursor.number(minDigits: 1, maxDigits: 2), cursor.skip(0x2F),
      let day = cursor.number(minDigits: 1, maxDigits: 2), cursor.skip(0x2F),
      let year = cursor.number(minDigits: 4, maxDigits: 4)
    else { return nil }
    var civil = CivilDateTime(year: year, month: month, day: day)
    if cursor.isAtEnd { return civil }
    _ = cursor.skip(UInt8(ascii: ","))
    guard cursor.skip(UInt8(ascii: " ")) || cursor.skip(UInt8(ascii: "T")),
      readTime(&cursor, into: &civil)
    else { return nil }
    if cursor.isAtEnd { return civil }
    _ = cursor.skip(UInt8(ascii: " "))
    guard let pm = cursor.amPm(), cursor.isAtEnd, (1...12).contains(civil.hour) else { return nil }
    civil.hour = civil.hour % 12 + (pm ? 12 : 0)
    return civil
  }

  static func unix(_ cursor: inout ByteCursor) -> Double? {
    let start = cursor.index
    guard let whole = cursor.number(minDigits: 1, maxDigits: 15) else { return nil }
    let digits = cursor.index - start
    var value = Double(whole)
    if cursor.skip(0x2E) {
      guard let fraction = cursor.fraction() else { return nil }
      value += fraction
    }
    guard cursor.isAtEnd else { return nil }
    return digits >= 12 ? value / 1000 : value
  }

  /// Excel 1900 system: serial 1 is 1900-01-01 and serial 60 the 1900-02-29 that never was.
  mutating func excel(_ cursor: inout ByteCursor) -> Double? {
    guard let whole = cursor.number(minDigits: 1, maxDigits: 7) else { return nil }
    var fraction = 0.0
    if cursor.skip(0x2E) {
      guard let value = cursor.fraction() else { return nil }
      fraction = value
    }
    guard cursor.isAtEnd, whole >= 1, whole != 60 else { return nil }
    // Serials from 61 count from 1899-12-30; below 60 from 1899-12-31 (Lotus 1-2-3's leap day).
    let days = (whole >= 61 ? -25_569 : -25_568) + whole
    let secondsOfDay = (fraction * 86_400).rounded()
    let local = days * 86_400 + Int(secondsOfDay)
    return Double(converter.instant(localSeconds: local))
  }
}
