/// Why a message, an address or a header cannot be built or rendered.
///
/// Header values are never cleaned silently: a value containing CR, LF or another character
/// ``MailHeaderText`` refuses is rejected with ``headerContainsControlCharacter(field:)``, so
/// header injection is impossible.
public enum MailMessageError: Error, Sendable, Hashable, CustomStringConvertible {
  /// An address is not a valid `local@domain` addr-spec; `reason` says what is wrong.
  case invalidAddress(String, reason: String)
  /// A header value (or display name) contains CR, LF, NUL or another character
  /// ``MailHeaderText`` refuses.
  case headerContainsControlCharacter(field: String)
  /// A header name is empty or contains characters other than printable ASCII without `:`.
  case invalidHeaderName(String)
  /// An extra header would duplicate one the message writes itself (From, Subject, ...).
  case reservedHeaderName(String)
  /// A header line cannot be folded under 998 characters.
  case headerTooLong(field: String)
  /// A Message-ID is not of the form `left@right` with printable ASCII and no `<>` or spaces.
  case invalidMessageID(String)
  /// A List-Unsubscribe URL is not an absolute http(s) URL of printable ASCII.
  case invalidUnsubscribeURL(String)
  /// The message has neither a text nor an HTML body.
  case noBody
  /// The message has no `To` recipient.
  case noRecipients
  /// A MIME boundary given for rendering is not `=_` followed by 1-68 boundary characters.
  case invalidBoundary(String)

  public var description: String {
    switch self {
    case .invalidAddress(let address, let reason): "invalid email address \"\(address)\": \(reason)"
    case .headerContainsControlCharacter(let field):
      "the \(field) header contains a line break or control character"
    case .invalidHeaderName(let name): "invalid header name \"\(name)\""
    case .reservedHeaderName(let name): "the \(name) header is set by the message itself"
    case .headerTooLong(let field): "the \(field) header is too long to fold"
    case .invalidMessageID(let id): "invalid Message-ID \"\(id)\""
    case .invalidUnsubscribeURL(let url): "invalid List-Unsubscribe URL \"\(url)\""
    case .noBody: "the message has no text or HTML body"
    case .noRecipients: "the message has no recipient"
    case .invalidBoundary(let boundary): "invalid MIME boundary \"\(boundary)\""
    }
  }
}
