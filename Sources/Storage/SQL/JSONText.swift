import Foundation

/// JSON text for string maps and lists, with sorted keys so equal maps store equal text.
enum JSONText {
  /// `{"name":"value",...}` with sorted keys, built over UTF-8 bytes (imports encode one per
  /// row).
  static func encode(_ map: [String: String]) -> String {
    if map.isEmpty { return "{}" }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(64)
    bytes.append(UInt8(ascii: "{"))
    for (index, key) in map.keys.sorted().enumerated() {
      if index > 0 { bytes.append(UInt8(ascii: ",")) }
      appendQuoted(key, to: &bytes)
      bytes.append(UInt8(ascii: ":"))
      appendQuoted(map[key]!, to: &bytes)
    }
    bytes.append(UInt8(ascii: "}"))
    return String(decoding: bytes, as: UTF8.self)
  }

  private static let hexDigits = Array("0123456789abcdef".utf8)

  /// Appends a JSON string literal (RFC 8259 escaping) as UTF-8; bytes of non-ASCII characters
  /// are copied as they are (valid UTF-8 in, valid UTF-8 out).
  static func appendQuoted(_ string: String, to bytes: inout [UInt8]) {
    bytes.append(UInt8(ascii: "\""))
    for byte in string.utf8 {
      switch byte {
      case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
      case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
      case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
      case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
      case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
      case 0..<0x20:
        bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")]
        bytes += [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
      default: bytes.append(byte)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  /// Appends a JSON string literal to text (see the byte version).
  static func appendQuoted(_ string: String, to text: inout String) {
    var bytes: [UInt8] = []
    appendQuoted(string, to: &bytes)
    text += String(decoding: bytes, as: UTF8.self)
  }

  /// A JSON object of strings as a map; empty when the text is nil or not such an object.
  /// Stored maps (written by ``encode(_:)``) are read by a direct scan of the bytes; anything
  /// the scan does not expect goes through `JSONDecoder`, which decides.
  static func decodeMap(_ text: String?) -> [String: String] {
    guard let text, text != "{}" else { return [:] }
    if let map = FlatJSONObject.strings(text) { return map }
    guard let data = text.data(using: .utf8) else { return [:] }
    return (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
  }

  static func encode(_ list: [String]) -> String {
    (try? String(decoding: JSONEncoder().encode(list), as: UTF8.self)) ?? "[]"
  }

  static func decodeList(_ text: String?) -> [String] {
    guard let text, let data = text.data(using: .utf8) else { return [] }
    return (try? JSONDecoder().decode([String].self, from: data)) ?? []
  }
}

/// Reads a JSON object whose values are all strings (`{"plan":"pro"}`) straight from UTF-8.
/// Returns nil for anything else (other value types, bad syntax), so the caller can fall back
/// to a full JSON parser; never returns a wrong map.
enum FlatJSONObject {
  static func strings(_ text: String) -> [String: String]? {
    var text = text
    return text.withUTF8 { bytes in
      var reader = Reader(bytes: bytes)
      return reader.object()
    }
  }

  private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    mutating func object() -> [String: String]? {
      skipSpace()
      guard take(UInt8(ascii: "{")) else { return nil }
      var map: [String: String] = [:]
      skipSpace()
      if take(UInt8(ascii: "}")) { return atEnd() ? map : nil }
      while true {
        skipSpace()
        guard let key = string() else { return nil }
        skipSpace()
        guard take(UInt8(ascii: ":")) else { return nil }
        skipSpace()
        guard let value = string() else { return nil }
        map[key] = value
        skipSpace()
        if take(UInt8(ascii: ",")) { continue }
        guard take(UInt8(ascii: "}")) else { return nil }
        return atEnd() ? map : nil
      }
    }

    private mutating func atEnd() -> Bool {
      skipSpace()
      return index == bytes.count
    }

    private mutating func take(_ byte: UInt8) -> Bool {
      guard index < bytes.count, bytes[index] == byte else { return false }
      index += 1
      return true
    }

    private mutating func skipSpace() {
      while index < bytes.count,
        bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D
          || bytes[index] == 0x09
      {
        index += 1
      }
    }

    /// A string literal; nil on a control character, a bad escape or a lone surrogate.
    private mutating func string() -> String? {
      guard take(UInt8(ascii: "\"")) else { return nil }
      let start = index
      // Fast path: no escapes.
      while index < bytes.count, bytes[index] != UInt8(ascii: "\""),
        bytes[index] != UInt8(ascii: "\\"), bytes[index] >= 0x20
      {
        index += 1
      }
      guard index < bytes.count else { return nil }
      if bytes[index] == UInt8(ascii: "\"") {
        index += 1
        return String(
          decoding: UnsafeBufferPointer(rebasing: bytes[start..<index - 1]), as: UTF8.self)
      }
      var scalars = String.UnicodeScalarView()
      scalars.append(
        contentsOf: String(
          decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self
        ).unicodeScalars)
      var raw: [UInt8] = []
      while index < bytes.count {
        let byte = bytes[index]
        if byte < 0x20 { return nil }
        if byte == UInt8(ascii: "\"") {
          index += 1
          if !raw.isEmpty {
            scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
          }
          return String(scalars)
        }
        if byte != UInt8(ascii: "\\") {
          raw.append(byte)
          index += 1
          continue
        }
        if !raw.isEmpty {
          scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
          raw = []
        }
        index += 1
        guard index < bytes.count else { return nil }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""): scalars.append("\"")
        case UInt8(ascii: "\\"): scalars.append("\\")
        case UInt8(ascii: "/"): scalars.append("/")
        case UInt8(ascii: "b"): scalars.append("\u{08}")
        case UInt8(ascii: "f"): scalars.append("\u{0C}")
        case UInt8(ascii: "n"): scalars.append("\n")
        case UInt8(ascii: "r"): scalars.append("\r")
        case UInt8(ascii: "t"): scalars.append("\t")
        case UInt8(ascii: "u"):
          guard let unit = hex4() else { return nil }
          if (0xD800..<0xDC00).contains(unit) {
            guard take(UInt8(ascii: "\\")), take(UInt8(ascii: "u")), let low = hex4(),
              (0xDC00..<0xE000).contains(low),
              let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            else { return nil }
            scalars.append(scalar)
          } else {
            guard let scalar = Unicode.Scalar(unit) else { return nil }
            scalars.append(scalar)
          }
        default: return nil
        }
      }
      return nil
    }

    private mutating func hex4() -> UInt32? {
      guard index + 4 <= bytes.count else { return nil }
      var value: UInt32 = 0
      for _ in 0..<4 {
        let byte = bytes[index]
        let digit: UInt32
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
        value = value << 4 | digit
        index += 1
      }
      return value
    }
  }
}
