import Foundation
import Mail
import Storage

/// Renders the email of one invitation: the contact's language and name, the survey's brand,
/// the eleven score links and the unsubscribe link (from the token derived for the invitation),
/// and a Message-ID that is the same every time the invitation is (re)sent.
struct InvitationMailer: Sendable {
  let context: ServiceContext

  enum Kind: String, Sendable {
    case invitation
    case reminder
  }

  /// The message for `invitation` to `contact` in `survey`.
  func message(
    invitation: Invitation, contact: Contact, survey: Survey, kind: Kind = .invitation, date: Date
  ) throws -> MailMessage {
    let token = InvitationToken.token(
      secret: context.secret, invitationID: invitation.id, createdAt: invitation.createdAt)
    let from = try sender(survey: survey)
    return try Self.email(
      context: context, survey: survey, contactName: contact.name,
      locale: SurveyLanguage.locale(contact: contact.locale, survey: survey.language), token: token
    ).message(
      from: from, to: try MailAddress(contact.email, displayName: contact.name),
      messageID: try messageID(invitationID: invitation.id, kind: kind, domain: from.domain),
      date: date)
  }

  /// The survey email for a token (also used by `nps send-test`).
  static func email(
    context: ServiceContext, survey: Survey, contactName: String?, locale: String?,
    token: SecretToken
  ) throws -> SurveyEmail {
    let colour = (try? SurveyEmail.BrandColour(survey.brandColor)) ?? .standard
    return try SurveyEmail(
      companyName: companyName(survey, context: context), brandColour: colour,
      logoURL: survey.logoURL.flatMap { SurveyEmail.isWebURL($0) ? $0 : nil },
      contactName: contactName, locale: locale, overrides: SurveyWording.overrides(for: survey),
      scoreURLs: SurveyLinks.scoreURLs(context: context, token: token),
      unsubscribeURL: SurveyLinks.unsubscribeURL(context: context, token: token))
  }

  /// The company name filled in for `{company}` (see ``SurveyWording/companyName(for:fallback:)``).
  static func companyName(_ survey: Survey, context: ServiceContext) -> String {
    SurveyWording.companyName(for: survey, fallback: context.defaultCompanyName)
  }

  func sender(survey: Survey) throws -> MailAddress {
    let address = survey.senderEmail.isEmpty ? context.configuration.mailFrom : survey.senderEmail
    let name =
      survey.senderName.isEmpty ? Self.companyName(survey, context: context) : survey.senderName
    return try MailAddress(address, displayName: name)
  }

  /// `invitation-ID.MAC@domain` (or `reminder-...`): stable across resends, unguessable from
  /// the id alone (16 hex digits of an HMAC under the server secret).
  func messageID(invitationID id: Int64, kind: Kind, domain: String) throws -> MessageID {
    let mac = context.secret.sign("message-id:\(kind.rawValue):\(id)").prefix(16)
    return try MessageID("\(kind.rawValue)-\(id).\(mac)@\(domain)")
  }
}
