import Foundation

/// An email mailbox: an optional display name and an addr-spec (`local@domain`).
///
/// The addr-spec is checked when the value is made: ASCII only, a dot-atom local part of at most
/// 64 characters, a domain of letters, digits and hyphens in dot-separated labels (or a bracketed
/// IPv4 literal), at most 254 characters in all. Quoted local parts and internationalised
/// addresses (SMTPUTF8) are not supported. The display name may be any Unicode text without
/// control characters; it is written as atoms, a quoted string or RFC 2047 encoded-words.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
  /// The name people read, e.g. `Zoë Ærø`; nil or empty for a bare address.
  public let displayName: String?
  /// The addr-spec, e.g. `zoe@example.com`.
  public let address: String

  /// Creates a mailbox, or throws ``MailMessageError/invalidAddress(_:reason:)``, or for the
  /// display name (see ``checkDisplayName(_:)``)
  /// ``MailMessageError/headerContainsControlCharacter(field:)`` or
  /// ``MailMessageError/headerTooLong(field:)``.
  public init(_ address: String, displayName: String? = nil) throws(MailMessageError) {
    try MailAddress.validate(address)
    if let displayName { try MailAddress.checkDisplayName(displayName) }
    self.address = address
    self.displayName = displayName
  }

  /// Parses `Name <local@domain>`, `"Quoted Name" <local@domain>` or a bare `local@domain`.
  public init(parsing text: String) throws(MailMessageError) {
    let trimmed = text.trimmingSpaces
    guard trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") else {
      try self.init(trimmed)
      return
    }
    let address = String(
      trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
    var name = String(trimmed[..<open]).trimmingSpaces
    if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
      name = String(name.dropFirst().dropLast())
        .replacingOccurrences(of: "\\\"", with: "\"")
        .replacingOccurrences(of: "\\\\", with: "\\")
    }
    try self.init(address, displayName: name.isEmpty ? nil : name)
  }

  /// Throws unless `name` can be the display name of a mailbox: no character
  /// ``MailHeaderText`` refuses (``MailMessageError/headerContainsControlCharacter(field:)``)
  /// and no word too long to fold into a header line (``MailMessageError/headerTooLong(field:)``,
  /// a quoted name of some 490 characters). The field is called `display name`.
  ///
  /// Call it where a name is typed in, so that a name no message could carry is refused there
  /// rather than when each message is rendered.
  public static func checkDisplayName(_ name: String) throws(MailMessageError) {
    try MailHeaderText.check(name, field: "display name")
    // Each word starts a line of its own at worst, after the longest header name (`Reply-To: `).
    let room = HeaderFolding.hardLineLimit - "Reply-To: ".utf8.count
    let words = HeaderFolding.phraseTokens(name, nameLength: "Reply-To".utf8.count)
    guard words.allSatisfy({ $0.utf8.count <= room }) else {
      throw .headerTooLong(field: "display name")
    }
  }

  /// The part after the `@`.
  public var domain: String {
    String(address[address.index(after: address.lastIndex(of: "@")!)...])
  }

  /// `Name <address>` or `address`, unencoded, for logs and messages to people.
  public var description: String {
    guard let displayName, !displayName.isEmpty else { return address }
    return "\(displayName) <\(address)>"
  }

  private static func validate(_ address: String) throws(MailMessageError) {
    func fail(_ reason: String) -> MailMessageError { .invalidAddress(address, reason: reason) }
    guard address.utf8.count <= 254 else { throw fail("longer than 254 characters") }
    guard address.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
      throw fail("only printable ASCII without spaces is supported")
    }
    guard let at = address.lastIndex(of: "@") else { throw fail("no @") }
    let local = address[..<at]
    let domain = address[address.index(after: at)...]
    guard !local.isEmpty else { throw fail("empty local part") }
    guard local.utf8.count <= 64 else { throw fail("local part longer than 64 characters") }
    let localAtoms = local.split(separator: ".", omittingEmptySubsequences: false)
    guard localAtoms.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(HeaderFolding.atext.contains) })
    else {
      throw fail("local part must be dot-separated atoms (letters, digits, !#$%&'*+-/=?^_`{|}~)")
    }
    guard !domain.isEmpty else { throw fail("empty domain") }
    if domain.hasPrefix("[") {
      guard domain.hasSuffix("]"), isIPv4(domain.dropFirst().dropLast()) else {
        throw fail("a domain literal must be a bracketed IPv4 address")
      }
      return
    }
    let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
    for label in labels {
      guard !label.isEmpty, label.utf8.count <= 63 else {
        throw fail("domain labels must be 1-63 characters")
      }
      guard label.utf8.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") }),
        label.first != "-", label.last != "-"
      else { throw fail("domain labels are letters, digits and inner hyphens") }
    }
  }

  private static func isAlphanumeric(_ byte: UInt8) -> Bool {
    (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
  }

  private static func isIPv4(_ text: Substring) -> Bool {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4
      && parts.allSatisfy { part in
        !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCIIDigit) && Int(part)! <= 255
      }
  }
}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
  /// The text without leading and trailing spaces and tabs.
  var trimmingSpaces: String {
    var slice = self[...]
    while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
    while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
    return String(slice)
  }
}
