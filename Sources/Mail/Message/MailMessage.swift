import Foundation

/// An email ready to render to RFC 5322 bytes: headers, and a text body, an HTML body or both.
///
/// With both bodies the message is `multipart/alternative` (text/plain first, then text/html);
/// with one it is a single part. Bodies are UTF-8, quoted-printable. Nothing is checked until
/// ``rendered()``, except what the field types check when they are made (addresses, ids,
/// headers); the subject is checked for control characters when rendering.
public struct MailMessage: Sendable, Hashable {
  /// The author (`From`); its addr-spec is also the SMTP envelope sender unless
  /// ``envelopeSender`` is set.
  public var from: MailAddress
  /// The SMTP `MAIL FROM` address (where bounces go, the receiver's `Return-Path`), when it is not
  /// `from`. Not written into the message.
  public var envelopeSender: MailAddress?
  /// The recipients (`To`); each is also an SMTP envelope recipient.
  public var to: [MailAddress]
  /// Where replies go (`Reply-To`), when not to `from`.
  public var replyTo: MailAddress?
  /// The subject, any Unicode text without control characters.
  public var subject: String
  /// The `Date` header.
  public var date: Date
  /// The `Message-ID` header. Keep it stable across retries of the same message.
  public var messageID: MessageID
  /// `List-Unsubscribe` and, when one-click, `List-Unsubscribe-Post`.
  public var listUnsubscribe: ListUnsubscribe?
  /// Further header fields, written in order after the standard ones.
  public var extraHeaders: [MailHeader]
  /// The text/plain body.
  public var textBody: String?
  /// The text/html body (a complete HTML document).
  public var htmlBody: String?

  /// Creates a message. `messageID` defaults to a random id at the sender's domain and `date`
  /// to now.
  public init(
    from: MailAddress,
    to: [MailAddress],
    subject: String,
    textBody: String? = nil,
    htmlBody: String? = nil,
    replyTo: MailAddress? = nil,
    date: Date = Date(),
    messageID: MessageID? = nil,
    listUnsubscribe: ListUnsubscribe? = nil,
    extraHeaders: [MailHeader] = [],
    envelopeSender: MailAddress? = nil
  ) {
    self.envelopeSender = envelopeSender
    self.from = from
    self.to = to
    self.subject = subject
    self.textBody = textBody
    self.htmlBody = htmlBody
    self.replyTo = replyTo
    self.date = date
    self.messageID = messageID ?? MessageID.random(domain: from.domain)
    self.listUnsubscribe = listUnsubscribe
    self.extraHeaders = extraHeaders
  }
}
