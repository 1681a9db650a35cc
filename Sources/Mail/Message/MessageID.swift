/// A Message-ID (RFC 5322 `msg-id`) without its angle brackets: `left@right`.
///
/// Give a stable one when a message may be sent more than once (at-least-once delivery), so
/// receivers can tell the copies are the same message; otherwise ``random(domain:)`` makes one.
public struct MessageID: Sendable, Hashable, CustomStringConvertible {
  /// `left@right`, printable ASCII without spaces, `<`, `>` or control characters.
  public let value: String

  /// Wraps a caller-chosen id such as `invitation-42.a1b2@nps.example.com`; throws
  /// ``MailMessageError/invalidMessageID(_:)`` unless it is `left@right` (both parts non-empty)
  /// of printable ASCII without `<`, `>`, `"`, `\` or white space, at most 250 characters.
  public init(_ value: String) throws(MailMessageError) {
    let forbidden: Set<UInt8> = [UInt8(ascii: "<"), UInt8(ascii: ">"), 0x22, 0x5C]
    let parts = value.split(separator: "@", omittingEmptySubsequences: false)
    guard value.utf8.count <= 250, parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
      value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !forbidden.contains($0) })
    else { throw .invalidMessageID(value) }
    self.value = value
  }

  /// A new id: 128 random bits in hex, `@`, and `domain` (the sender's domain, usually).
  public static func random(domain: String) -> MessageID {
    var generator = SystemRandomNumberGenerator()
    return random(domain: domain, using: &generator)
  }

  /// A new id drawing its random part from `generator`.
  public static func random(
    domain: String, using generator: inout some RandomNumberGenerator
  ) -> MessageID {
    let left = RandomToken.hex(bytes: 16, using: &generator)
    if let id = try? MessageID(left + "@" + domain) { return id }
    return try! MessageID(left + "@localhost")
  }

  /// `<left@right>`, as written in the header.
  public var bracketed: String { "<" + value + ">" }

  public var description: String { bracketed }
}

/// Random hex tokens for boundaries and ids.
enum RandomToken {
  static func hex(bytes: Int, using generator: inout some RandomNumberGenerator) -> String {
    let digits = Array("0123456789abcdef")
    var text = ""
    for _ in 0..<bytes {
      let byte = UInt8.random(in: 0...255, using: &generator)
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 0x0F)])
    }
    return text
  }
}
