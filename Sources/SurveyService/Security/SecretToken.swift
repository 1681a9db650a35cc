/// A 128-bit random secret given to a person (survey link, unsubscribe link, API key, session).
/// Only its SHA-256 hash is stored, so a copy of the database reveals no usable token.
public struct SecretToken: Sendable, Hashable, CustomStringConvertible {
  /// The token as it appears in links: 22 characters of base64url without padding.
  public let text: String

  /// A new random token of 16 bytes, optionally with a readable prefix (`nps_ing_` for keys).
  public static func generate(prefix: String = "") -> SecretToken {
    SecretToken(text: prefix + Base64URL.encode(Sodium.randomBytes(16)))
  }

  /// A token received from a person; nil when it cannot be one of ours (wrong length or
  /// characters), so look-ups of garbage never reach the store.
  public init?(received text: String, prefix: String = "") {
    guard text.hasPrefix(prefix) else { return nil }
    let body = text.dropFirst(prefix.count)
    guard body.count == 22, body.utf8.allSatisfy(Base64URL.isAlphabet) else { return nil }
    self.text = text
  }

  private init(text: String) { self.text = text }

  /// The hex SHA-256 of the token: what the store keeps and looks up.
  public var hash: String { Hex.encode(Sodium.sha256(text.utf8)) }

  /// Never prints the secret itself.
  public var description: String { "SecretToken(…)" }
}

/// base64url (RFC 4648 §5) without padding.
enum Base64URL {
  private static let alphabet = Array(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

  static func isAlphabet(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
      || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
      || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
      || byte == UInt8(ascii: "_")
  }

  static func encode(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count * 4 + 2) / 3)
    var index = 0
    while index + 3 <= bytes.count {
      let value =
        UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
      for shift in stride(from: 18, through: 0, by: -6) {
        out.append(alphabet[Int((value >> UInt32(shift)) & 63)])
      }
      index += 3
    }
    let rest = bytes.count - index
    if rest == 1 {
      let value = UInt32(bytes[index]) << 16
      out.append(alphabet[Int((value >> 18) & 63)])
      out.append(alphabet[Int((value >> 12) & 63)])
    } else if rest == 2 {
      let value = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
      out.append(alphabet[Int((value >> 18) & 63)])
      out.append(alphabet[Int((value >> 12) & 63)])
      out.append(alphabet[Int((value >> 6) & 63)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}

/// Lower-case hexadecimal.
enum Hex {
  static func encode(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 15)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
