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
    /// The details that break the rules of an interaction (see ``check(email:name:locale:surveySlug:)``);
    /// empty when the failure is something else.
    public var problems: [FieldProblem] = []
    /// The invitation is stored but the mail server could not take the email now (the worker
    /// retries it): a service unavailable, not bad input.
    public var mailUnavailable = false
  }

  /// The person's details held to the rules of an interaction sent to the API
  /// (``InteractionFields/check(now:timeZoneForDates:)``): the email, the name (at most
  /// ``IngestLimits/nameLength`` characters, no control characters), the locale (a language
  /// tag) and the survey slug. Returns them trimmed, or the problems by field (`/email`,
  /// `/name`, `/locale`, `/survey`).
  public static func check(email: String, name: String?, locale: String?, surveySlug: String)
    -> CheckedInput
  {
    var fields = InteractionFields()
    fields.email = email
    fields.name = name
    fields.locale = locale
    fields.survey = surveySlug
    // The rules require an interaction's id; an invitation made here has none.
    fields.externalID = "nps-invite"
    return fields.check(now: Date())
  }

  public static func invite(
    context: ServiceContext, email: String, name: String?, locale: String?, surveySlug: String
  ) throws -> Result {
    let now = context.clock.now()
    let input: InteractionInput
    switch check(email: email, name: name, locale: locale, surveySlug: surveySlug) {
    case .valid(let valid): input = valid
    case .invalid(let problems):
      throw Failure(
        description: problems.map(\.description).joined(separator: "; "), problems: problems)
    }
    let email = input.email
    let name = input.name
    let locale = input.locale
    guard let survey = try context.store.survey(slug: surveySlug) else {
      throw Failure(description: "no survey \"\(surveySlug)\"")
    }
    if let existing = try context.store.contact(email: email), existing.unsubscribedAt != nil {
      throw Failure(description: "\(existing.email) has unsubscribed")
    }
    let contact = try context.store.upsertContact(
      ContactInput(email: email, name: name, locale: locale), now: now)
    // The token is derived like every invitation's (see InvitationToken), so the worker can
    // send a reminder, or the email itself if this send fails, with the same links. The
    // invitation is due in ten minutes: long enough for the send below to mark it sent first.
    let invitation = try context.store.createInvitation(
      surveyID: survey.id, contactID: contact.id, sendAfter: now.addingTimeInterval(600),
      now: now
    ) { id, createdAt in
      InvitationToken.hash(secret: context.secret, invitationID: id, createdAt: createdAt)
    }
    let token = InvitationToken.token(
      secret: context.secret, invitationID: invitation.id, createdAt: invitation.createdAt)
    let message: MailMessage
    do {
      message = try InvitationMailer(context: context).message(
        invitation: invitation, contact: contact, survey: survey, date: now)
    } catch {
      try context.store.markInvitationFailed(id: invitation.id, error: "\(error)")
      throw Failure(description: "the survey email could not be made: \(error)")
    }
    do {
      try context.mail.send(message)
    } catch {
      throw Failure(
        description: "the email could not be sent now (\(error)); the worker will retry it",
        mailUnavailable: true)
    }
    try context.store.markInvitationSent(
      id: invitation.id, messageID: message.messageID.value, at: now)
    let scoreURLs = SurveyLinks.scoreURLs(context: context, token: token)
    let unsubscribeURL = SurveyLinks.unsubscribeURL(context: context, token: token)
    let messageID = message.messageID
    return Result(
      invitation: try context.store.invitation(id: invitation.id) ?? invitation, contact: contact,
      scoreURLs: scoreURLs, unsubscribeURL: unsubscribeURL, messageID: messageID.value)
  }
}
