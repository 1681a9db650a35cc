/// What one score cell of a CSV file holds: a score, nothing, or something that is not a score.
public enum ScoreCell: Sendable, Hashable {
  case score(Score)
  /// Empty, `NA` or `N/A` (any case): no answer; skipped and counted as blank.
  case blank
  /// Present but not an integer 0...10.
  case rejected(ScoreError)

  /// The score, if the cell holds one.
  public var score: Score? {
    if case .score(let score) = self { score } else { nil }
  }

  /// Reads a cell's text. Accepted, with spaces around: an integer (`9`), an integral decimal
  /// (`9.0`, `9,0`), or an integer followed by a label (`10 - Extremely likely`,
  /// `9 (Very likely)`, `0: Not at all`). Everything else is rejected with its reason.
  public init(parsing text: String) {
    var text = text
    self = text.withUTF8 { ScoreCell(bytes: $0) }
  }

  /// Reads a cell from its UTF-8 bytes (see `init(parsing:)`).
  public init(bytes: UnsafeBufferPointer<UInt8>) {
    var start = 0
    var end = bytes.count
    while start < end, Self.isSpace(bytes[start]) { start += 1 }
    while end > start, Self.isSpace(bytes[end - 1]) { end -= 1 }
    // Fast path: one or two digits and nothing else.
    let length = end - start
    if length == 1, let digit = Self.digit(bytes[start]) {
      self = .score(Score(exactly: digit)!)
      return
    }
    if length == 2, let tens = Self.digit(bytes[start]), let units = Self.digit(bytes[start + 1]) {
      self = Self.checked(tens * 10 + units)
      return
    }
    if length == 0 {
      self = .blank
      return
    }
    self = Self.slowParse(UnsafeBufferPointer(rebasing: bytes[start..<end]))
  }

  private static func slowParse(_ bytes: UnsafeBufferPointer<UInt8>) -> ScoreCell {
    if isNotAvailable(bytes) { return .blank }
    var text: String { String(decoding: bytes, as: UTF8.self) }
    var index = 0
    let negative = bytes[0] == 0x2D && bytes.count > 1 && digit(bytes[1]) != nil
    if negative { index = 1 }
    var value = 0
    var digits = 0
    while index < bytes.count, let digit = digit(bytes[index]) {
      if digits < 6 { value = value * 10 + digit }
      digits += 1
      index += 1
    }
    guard digits > 0 else { return .rejected(.notANumber(text)) }
    if negative { value = -value }
    if digits > 6 { return .rejected(.notANumber(text)) }
    if index == bytes.count { return checked(value) }
    // An integral decimal: 9.0, 10.00, 9,0.
    if bytes[index] == 0x2E || bytes[index] == 0x2C {
      var fraction = index + 1
      var allZero = true
      while fraction < bytes.count, let digit = digit(bytes[fraction]) {
        if digit != 0 { allZero = false }
        fraction += 1
      }
      if fraction == bytes.count && fraction > index + 1 {
        return allZero ? checked(value) : .rejected(.notInteger(text))
      }
      return .rejected(.notANumber(text))
    }
    // A label: the integer, then a separator or space, then text with at least one letter.
    let rest = bytes[index...]
    let startsLabel =
      isSpace(bytes[index]) || [0x2D, 0x28, 0x3A, 0x3D].contains(bytes[index])
      || bytes[index] >= 0x80
    let hasLetter = rest.contains { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || $0 >= 0xC0 }
    if startsLabel && hasLetter && !negative { return checked(value) }
    return .rejected(.notANumber(text))
  }

  /// `NA` or `N/A` in any case.
  private static func isNotAvailable(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    switch bytes.count {
    case 2: return bytes[0] | 0x20 == 0x6E && bytes[1] | 0x20 == 0x61
    case 3: return bytes[0] | 0x20 == 0x6E && bytes[1] == 0x2F && bytes[2] | 0x20 == 0x61
    default: return false
    }
  }

  private static func checked(_ value: Int) -> ScoreCell {
    if let score = Score(exactly: value) { return .score(score) }
    return .rejected(.outOfRange(value))
  }

  @inline(__always)
  static func digit(_ byte: UInt8) -> Int? {
    byte >= 0x30 && byte <= 0x39 ? Int(byte - 0x30) : nil
  }

  @inline(__always)
  static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}
