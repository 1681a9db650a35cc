/// An extra header field, e.g. `X-NPS-Survey: 7` or `Auto-Submitted: auto-generated`.
///
/// The value is unstructured text: non-ASCII text is written as RFC 2047 encoded-words. Control
/// characters (CR, LF, ...) are rejected, never removed.
public struct MailHeader: Sendable, Hashable {
  /// The field name, printable ASCII without `:` or spaces.
  public let name: String
  /// The unencoded value.
  public let value: String

  /// Names the message writes itself; an extra header may not repeat them.
  static let reservedNames: Set<String> = [
    "from", "to", "cc", "bcc", "reply-to", "subject", "date", "message-id", "mime-version",
    "content-type", "content-transfer-encoding", "list-unsubscribe", "list-unsubscribe-post",
    "sender", "return-path",
  ]

  /// Creates a header, or throws ``MailMessageError/invalidHeaderName(_:)``,
  /// ``MailMessageError/reservedHeaderName(_:)`` or
  /// ``MailMessageError/headerContainsControlCharacter(field:)``.
  public init(_ name: String, _ value: String) throws(MailMessageError) {
    guard !name.isEmpty, name.utf8.count <= 76,
      name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") })
    else { throw .invalidHeaderName(name) }
    guard !MailHeader.reservedNames.contains(name.lowercased()) else {
      throw .reservedHeaderName(name)
    }
    try MailHeaderText.check(value, field: name)
    self.name = name
    self.value = value
  }
}

/// The `List-Unsubscribe` header (RFC 2369) with optional one-click unsubscription (RFC 8058).
///
/// With ``oneClick`` the message also carries `List-Unsubscribe-Post: List-Unsubscribe=One-Click`:
/// the receiver's mail client may then POST `List-Unsubscribe=One-Click` to the URL. RFC 8058
/// requires an https URL for one-click; http is accepted here for local development only.
public struct ListUnsubscribe: Sendable, Hashable {
  /// The absolute http(s) URL that unsubscribes the recipient.
  public let url: String
  /// An optional `mailto:` URI offered as a second way, e.g. `mailto:unsub@example.com`.
  public let mailto: String?
  /// Whether to add `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
  public let oneClick: Bool

  /// Throws ``MailMessageError/invalidUnsubscribeURL(_:)`` unless `url` starts with `https://`
  /// or `http://` and both URIs are printable ASCII without spaces, `<`, `>` or `,`.
  public init(url: String, mailto: String? = nil, oneClick: Bool = true) throws(MailMessageError) {
    let lower = url.lowercased()
    guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), lower.count > 8,
      ListUnsubscribe.isSafeURI(url)
    else { throw .invalidUnsubscribeURL(url) }
    if let mailto {
      guard mailto.lowercased().hasPrefix("mailto:"), ListUnsubscribe.isSafeURI(mailto) else {
        throw .invalidUnsubscribeURL(mailto)
      }
    }
    self.url = url
    self.mailto = mailto
    self.oneClick = oneClick
  }

  private static func isSafeURI(_ uri: String) -> Bool {
    let forbidden: Set<UInt8> = [UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: ","), 0x22]
    return uri.utf8.count <= 900
      && uri.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && !forbidden.contains($0) }
  }
}
