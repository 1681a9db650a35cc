/// Something that delivers a rendered message: an SMTP server, or a folder of .eml files.
///
/// Implementations are safe to call from several threads; each says how it serialises its own
/// resources.
public protocol MailTransport: Sendable {
  /// Delivers `message` to every address in `message.to`, or throws a classified error. Returns
  /// when the server (or the file system) has accepted the message.
  func send(_ message: MailMessage) throws(MailSendError)
}

extension MailMessageError {
  /// A message that cannot be rendered will never send: a permanent failure.
  var sendError: MailSendError {
    MailSendError(kind: .permanent, detail: "message cannot be rendered: \(description)")
  }
}
