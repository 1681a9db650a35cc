import Foundation
import Mail

/// The survey invitation email: eleven score buttons 0-10 in the company's colours.
///
/// Make one with the company, brand, contact, texts and links, then call ``message(from:to:...)``
/// for the `MailMessage` to send. The HTML part is table-based with inline styles (for Outlook
/// and Gmail), loads nothing but the optional logo, carries no tracking, and escapes every text.
/// The plain-text part lists every link in full. `List-Unsubscribe` and one-click
/// `List-Unsubscribe-Post` (RFC 8058) point at the unsubscribe URL.
public struct SurveyEmail: Sendable, Hashable {
  /// The company the recipient is asked to recommend.
  public var companyName: String
  /// The brand colour of buttons and the top border.
  public var brandColour: BrandColour
  /// An absolute http(s) URL of a logo image shown above the text, or nil for the name in text.
  public var logoURL: String?
  /// The contact's name for the greeting, or nil.
  public var contactName: String?
  /// The wording, in the contact's language with the survey's overrides.
  public var texts: SurveyTexts
  /// Eleven absolute http(s) URLs; index `n` records score `n`.
  public var scoreURLs: [String]
  /// The absolute http(s) URL that unsubscribes the contact (page and one-click POST target).
  public var unsubscribeURL: String

  /// Checks and stores the parts of the email. Throws ``SurveyEmailError`` when there are not
  /// eleven score URLs or a URL is not an absolute http(s) URL of printable ASCII.
  public init(
    companyName: String, brandColour: BrandColour, logoURL: String? = nil,
    contactName: String? = nil, texts: SurveyTexts, scoreURLs: [String], unsubscribeURL: String
  ) throws(SurveyEmailError) {
    guard scoreURLs.count == 11 else { throw .wrongNumberOfScoreURLs(scoreURLs.count) }
    for url in scoreURLs + [unsubscribeURL] + (logoURL.map { [$0] } ?? []) {
      guard SurveyEmail.isWebURL(url) else { throw .invalidURL(url) }
    }
    self.companyName = companyName
    self.brandColour = brandColour
    self.logoURL = logoURL
    self.contactName = contactName
    self.texts = texts
    self.scoreURLs = scoreURLs
    self.unsubscribeURL = unsubscribeURL
  }

  /// The same, choosing the texts from a locale (`de-AT` gives German) with overrides.
  public init(
    companyName: String, brandColour: BrandColour, logoURL: String? = nil,
    contactName: String? = nil, locale: String?,
    overrides: SurveyTextOverrides = SurveyTextOverrides(),
    scoreURLs: [String], unsubscribeURL: String
  ) throws(SurveyEmailError) {
    try self.init(
      companyName: companyName, brandColour: brandColour, logoURL: logoURL,
      contactName: contactName, texts: SurveyTexts.resolve(locale: locale, overrides: overrides),
      scoreURLs: scoreURLs, unsubscribeURL: unsubscribeURL)
  }

  /// The subject, filled in (line breaks in the company name become spaces).
  public var subject: String {
    texts.subject(company: companyName).map { $0.isNewline ? " " : $0 }.reduce(into: "") {
      $0.append($1)
    }
  }

  /// The message to send. `messageID` should be stable per invitation so a retried send is
  /// recognisably the same message; nil makes a random one.
  public func message(
    from: MailAddress, to: MailAddress, replyTo: MailAddress? = nil, messageID: MessageID? = nil,
    date: Date = Date()
  ) throws(SurveyEmailError) -> MailMessage {
    do {
      return MailMessage(
        from: from, to: [to], subject: subject, textBody: plainText(), htmlBody: html(),
        replyTo: replyTo, date: date, messageID: messageID,
        listUnsubscribe: try ListUnsubscribe(url: unsubscribeURL, oneClick: true),
        extraHeaders: [
          // RFC 3834: an automatic message; asks auto-responders (out-of-office) not to reply.
          try MailHeader("Auto-Submitted", "auto-generated"),
          try MailHeader("X-Auto-Response-Suppress", "OOF, AutoReply"),
        ])
    } catch {
      throw .message(error)
    }
  }

  public static func isWebURL(_ url: String) -> Bool {
    let lower = url.prefix(8).lowercased()
    return (lower.hasPrefix("https://") || lower.hasPrefix("http://"))
      && url.utf8.count > 8 && url.utf8.count <= 2000
      && url.utf8.allSatisfy { byte in
        switch byte {
        case 0x22, 0x27, 0x3C, 0x3E, 0x5C, 0x60: false  // " ' < > \ `
        default: byte > 0x20 && byte < 0x7F
        }
      }
  }
}

/// Why a survey email cannot be made.
public enum SurveyEmailError: Error, Sendable, Hashable, CustomStringConvertible {
  /// A brand colour that is not `#RRGGBB`.
  case invalidBrandColour(String)
  /// Not exactly eleven score URLs.
  case wrongNumberOfScoreURLs(Int)
  /// A score, unsubscribe or logo URL that is not an absolute http(s) URL of printable ASCII.
  case invalidURL(String)
  /// The message could not be built (an address or header was refused).
  case message(MailMessageError)

  public var description: String {
    switch self {
    case .invalidBrandColour(let text): "brand colour \"\(text)\" is not #RRGGBB"
    case .wrongNumberOfScoreURLs(let count): "need 11 score URLs (0-10), got \(count)"
    case .invalidURL(let url): "\"\(url)\" is not an absolute http(s) URL"
    case .message(let error): error.description
    }
  }
}
