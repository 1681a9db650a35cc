/// Why a message was not sent, classified for what the caller should do next.
///
/// ``description`` says what happened without server details; ``debugDescription`` adds the
/// SMTP code, the server's reply text and curl's message. Neither ever contains a password.
public struct MailSendError: Error, Sendable, Hashable, CustomStringConvertible,
  CustomDebugStringConvertible
{
  /// What the caller should do.
  public enum Kind: String, Sendable, Hashable {
    /// Try again later: connection refused or timed out, TLS or network trouble, SMTP 4xx.
    case temporary
    /// The server refused this recipient with a 5xx reply to RCPT TO: the address is bad; mark
    /// it bounced and do not retry.
    case permanentRecipient
    /// Retrying will not help: another 5xx, authentication refused, bad configuration, a message
    /// that cannot be rendered, an outbox folder that cannot be written.
    case permanent
  }

  /// The class of failure.
  public let kind: Kind
  /// The SMTP reply code of the failing command (e.g. 550, 451), when there was one.
  public let smtpCode: Int?
  /// The server's reply text for that code, when known.
  public let serverText: String?
  /// The SMTP command the server refused (`MAIL`, `RCPT`, `DATA`, `AUTH`...), when known.
  public let command: String?
  /// What failed, in words, without secrets (e.g. curl's error text, a file error).
  public let detail: String

  /// Makes an error; transports use this.
  public init(
    kind: Kind, detail: String, smtpCode: Int? = nil, serverText: String? = nil,
    command: String? = nil
  ) {
    self.kind = kind
    self.detail = detail
    self.smtpCode = smtpCode
    self.serverText = serverText
    self.command = command
  }

  public var description: String {
    switch kind {
    case .temporary: "temporary mail failure, will retry"
    case .permanentRecipient: "the recipient address was refused"
    case .permanent: "permanent mail failure"
    }
  }

  public var debugDescription: String {
    var text = "\(kind.rawValue): \(detail)"
    if let command { text += "; command \(command)" }
    if let smtpCode { text += "; SMTP \(smtpCode)" }
    if let serverText { text += " \(serverText)" }
    return text
  }
}
