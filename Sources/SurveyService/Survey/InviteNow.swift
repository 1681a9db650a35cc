import Foundation
import Mail
import Storage

/// Invites one person now, outside the scheduled flow (`nps invite`): creates or updates the
/// contact, creates a sent invitation with a fresh token, renders the survey email and hands
/// it to the mail transport (the outbox by default).
public enum InviteNow {
  /// What was created; the token appears only here and in the links.
  public struct Result: Sendable {
    public var invitation: Invitation
    public var contact: Contact
    public var scoreURLs: [String]
    public var unsubscribeURL: String
    public var messageID: String
  }

  /// Why the invitation could not be made; says nothing secret.
  public struct Failure: Error, Sendable, CustomStringConvertible {
    public var description: String
  }

  public static func invite(
    context: ServiceContext, email: String, name: String?, locale: String?, surveySlug: String
  ) throws -> Result {
    let now = context.clock.now()
    guard let survey = try context.store.survey(slug: surveySlug) else {
      throw Failure(description: "no survey \"\(surveySlug)\"")
    }
    let to: MailAddress
    do { to = try MailAddress(email, displayName: name) } catch {
      throw Failure(description: "\"\(email)\" is not an email address")
    }
    if let existing = try context.store.contact(email: email), existing.unsubscribedAt != nil {
      throw Failure(description: "\(existing.email) has unsubscribed")
    }
    let contact = try context.store.upsertContact(
      ContactInput(email: email, name: name, locale: locale), now: now)
    let token = SecretToken.generate()
    let scoreURLs = SurveyLinks.scoreURLs(context: context, token: token)
    let unsubscribeURL = SurveyLinks.unsubscribeURL(context: context, token: token)
    let company = SurveyWording.companyName(for: survey)
    let from: MailAddress
    do {
      from = try MailAddress(
        survey.senderEmail.isEmpty ? context.configuration.mailFrom : survey.senderEmail,
        displayName: survey.senderName.isEmpty ? company : survey.senderName)
    } catch {
      throw Failure(description: "the sender address of survey \"\(survey.slug)\" is not valid")
    }
    let email = try SurveyEmail(
      companyName: company,
      brandColour: (try? SurveyEmail.BrandColour(survey.brandColor)) ?? .standard,
      logoURL: survey.logoURL, contactName: contact.name,
      texts: SurveyWording.texts(for: survey, locale: contact.locale), scoreURLs: scoreURLs,
      unsubscribeURL: unsubscribeURL)
    let messageID = MessageID.random(domain: from.domain)
    let invitation = try context.store.createInvitation(
      NewInvitation(
        surveyID: survey.id, contactID: contact.id, tokenHash: token.hashBytes, sendAfter: now),
      now: now)
    do {
      try context.mail.send(email.message(from: from, to: to, messageID: messageID, date: now))
    } catch {
      try context.store.markInvitationFailed(id: invitation.id, error: "\(error)")
      throw Failure(description: "the email could not be sent: \(error)")
    }
    try context.store.markInvitationSent(id: invitation.id, messageID: messageID.value, at: now)
    return Result(
      invitation: try context.store.invitation(id: invitation.id) ?? invitation, contact: contact,
      scoreURLs: scoreURLs, unsubscribeURL: unsubscribeURL, messageID: messageID.value)
  }
}
