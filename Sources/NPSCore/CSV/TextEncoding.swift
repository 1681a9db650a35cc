/// The character encoding a CSV file was read with.
public enum TextEncoding: String, Sendable, Hashable, CustomStringConvertible {
  case utf8 = "UTF-8"
  case utf16LittleEndian = "UTF-16LE"
  case utf16BigEndian = "UTF-16BE"
  /// The fallback for files that are not UTF-8 (a superset of Latin-1's printable characters).
  case windows1252 = "Windows-1252"

  public var description: String { rawValue }
}

/// Windows-1252 bytes 0x80...0x9F as Unicode scalars; the five unassigned bytes map to the C1
/// control of the same number, as the WHATWG Encoding Standard does. 0xA0...0xFF are Latin-1.
let windows1252High: [UInt32] = [
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
]

extension Array where Element == UInt8 {
  /// Appends one Unicode scalar value as UTF-8.
  mutating func appendUTF8(_ scalar: UInt32) {
    switch scalar {
    case 0..<0x80:
      append(UInt8(scalar))
    case 0x80..<0x800:
      append(UInt8(0xC0 | (scalar >> 6)))
      append(UInt8(0x80 | (scalar & 0x3F)))
    case 0x800..<0x10000:
      append(UInt8(0xE0 | (scalar >> 12)))
      append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
      append(UInt8(0x80 | (scalar & 0x3F)))
    default:
      append(UInt8(0xF0 | (scalar >> 18)))
      append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
      append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
      append(UInt8(0x80 | (scalar & 0x3F)))
    }
  }

  /// Appends one Windows-1252 byte as UTF-8.
  mutating func appendWindows1252(_ byte: UInt8) {
    if byte < 0x80 {
      append(byte)
    } else if byte < 0xA0 {
      appendUTF8(windows1252High[Int(byte - 0x80)])
    } else {
      appendUTF8(UInt32(byte))
    }
  }
}
