/// Percent-decoding of URL components and `application/x-www-form-urlencoded` data.
enum PercentDecoding {
  /// Decodes `%XX` escapes (and `+` as a space when `plusAsSpace`), then UTF-8.
  /// Returns nil for a malformed escape or bytes that are not valid UTF-8.
  static func decode<Bytes: Collection<UInt8>>(_ input: Bytes, plusAsSpace: Bool) -> String? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(input.count)
    var index = input.startIndex
    while index != input.endIndex {
      let byte = input[index]
      if byte == UInt8(ascii: "%") {
        let first = input.index(after: index)
        guard first != input.endIndex else { return nil }
        let second = input.index(after: first)
        guard second != input.endIndex, let high = hexValue(input[first]),
          let low = hexValue(input[second])
        else { return nil }
        bytes.append(high << 4 | low)
        index = input.index(after: second)
        continue
      }
      bytes.append(plusAsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
      index = input.index(after: index)
    }
    return String(validating: bytes, as: UTF8.self)
  }

  /// Decodes a string (see `decode(_:plusAsSpace:)`).
  static func decode(_ input: Substring, plusAsSpace: Bool) -> String? {
    decode(input.utf8, plusAsSpace: plusAsSpace)
  }

  /// Splits `a=1&b=2` into decoded pairs; a name without `=` gets an empty value; empty parts
  /// are skipped. Returns nil when any part fails to decode.
  static func decodeForm<Bytes: Collection<UInt8>>(_ input: Bytes) -> [(String, String)]?
  where Bytes.SubSequence: Collection<UInt8> {
    var items: [(String, String)] = []
    for part in input.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
      let pieces = part.split(
        separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
      guard let name = decode(pieces[0], plusAsSpace: true) else { return nil }
      let value: String
      if pieces.count > 1 {
        guard let decoded = decode(pieces[1], plusAsSpace: true) else { return nil }
        value = decoded
      } else {
        value = ""
      }
      items.append((name, value))
    }
    return items
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
