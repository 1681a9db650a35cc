/// A read position in a field's bytes, with the small readers the date parsers share.
struct ByteCursor {
  let bytes: UnsafeBufferPointer<UInt8>
  var index: Int
  let end: Int

  /// A cursor over `bytes` with spaces trimmed at both ends.
  init(trimming bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    var start = 0
    var end = bytes.count
    while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
    while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
    self.index = start
    self.end = end
  }

  @inline(__always)
  var isAtEnd: Bool { index >= end }

  @inline(__always)
  var peek: UInt8? { index < end ? bytes[index] : nil }

  /// Consumes `byte` if it is next.
  @inline(__always)
  mutating func skip(_ byte: UInt8) -> Bool {
    guard index < end, bytes[index] == byte else { return false }
    index += 1
    return true
  }

  /// Consumes a decimal number of `minDigits...maxDigits` digits.
  @inline(__always)
  mutating func number(minDigits: Int, maxDigits: Int) -> Int? {
    var value = 0
    var digits = 0
    while digits < maxDigits, index < end {
      let byte = bytes[index]
      guard byte >= 0x30, byte <= 0x39 else { break }
      value = value * 10 + Int(byte - 0x30)
      digits += 1
      index += 1
    }
    return digits >= minDigits ? value : nil
  }

  /// Consumes the digits of a fraction (after its `.` or `,`) as a value in 0..<1.
  @inline(__always)
  mutating func fraction() -> Double? {
    var value = 0.0
    var scale = 0.1
    var digits = 0
    while index < end, bytes[index] >= 0x30, bytes[index] <= 0x39 {
      value += Double(bytes[index] - 0x30) * scale
      scale /= 10
      digits += 1
      index += 1
    }
    return digits > 0 ? value : nil
  }

  /// Consumes `AM`/`PM` (any case, optionally `A.M.`); true for PM.
  mutating func amPm() -> Bool? {
    guard index < end else { return nil }
    let first = bytes[index] | 0x20
    guard first == 0x61 || first == 0x70 else { return nil }
    index += 1
    _ = skip(0x2E)
    guard index < end, bytes[index] | 0x20 == 0x6D else { return nil }
    index += 1
    _ = skip(0x2E)
    return first == 0x70
  }

  /// Consumes `Z`, `UTC`, `GMT` or `±hh`, `±hhmm`, `±hh:mm`; returns seconds east of UTC.
  mutating func utcOffset() -> Int? {
    guard let byte = peek else { return nil }
    if byte == 0x5A || byte == 0x7A {
      index += 1
      return 0
    }
    if end - index >= 3 {
      let word = (bytes[index] | 0x20, bytes[index + 1] | 0x20, bytes[index + 2] | 0x20)
      if word == (0x75, 0x74, 0x63) || word == (0x67, 0x6D, 0x74) {
        index += 3
        if index == end { return 0 }
      }
    }
    guard let sign = peek, sign == 0x2B || sign == 0x2D else { return nil }
    index += 1
    guard let hours = number(minDigits: 2, maxDigits: 2), hours <= 18 else { return nil }
    var minutes = 0
    if !isAtEnd {
      _ = skip(0x3A)
      guard let value = number(minDigits: 2, maxDigits: 2), value < 60 else { return nil }
      minutes = value
    }
    let seconds = hours * 3_600 + minutes * 60
    return sign == 0x2D ? -seconds : seconds
  }
}
