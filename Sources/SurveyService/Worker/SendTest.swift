import Foundation
import Mail
import Storage

/// `nps send-test`: one survey email, as a customer would get it, through the configured
/// transport. Its links carry a random token that matches no invitation, so following them
/// records nothing.
public enum SendTest {
  /// Why a test email was not sent.
  public struct Failure: Error, CustomStringConvertible, Sendable {
    public let description: String
  }

  /// Sends the survey email of `surveySlug` to `address`; returns its Message-ID.
  @discardableResult
  public static func send(
    context: ServiceContext, to address: String, surveySlug: String = "default",
    locale: String? = nil, name: String? = nil
  ) throws -> MessageID {
    guard let survey = try context.store.survey(slug: surveySlug) else {
      throw Failure(description: "no survey \"\(surveySlug)\"")
    }
    var recipient: MailAddress
    do { recipient = try MailAddress(address) } catch {
      throw Failure(description: "\"\(address)\" is not an email address")
    }
    if let name {
      do { try MailAddress.checkDisplayName(name) } catch {
        throw Failure(description: "the name cannot be written into an email header (\(error))")
      }
      recipient = try MailAddress(address, displayName: name)
    }
    let mailer = InvitationMailer(context: context)
    let email = try InvitationMailer.email(
      context: context, survey: survey, contactName: name,
      locale: SurveyLanguage.locale(contact: locale, survey: survey.language),
      token: SecretToken.generate())
    let from = try mailer.sender(survey: survey)
    let message = try email.message(
      from: from, to: recipient, messageID: MessageID.random(domain: from.domain),
      date: context.clock.now())
    try context.mail.send(message)
    return message.messageID
  }
}
