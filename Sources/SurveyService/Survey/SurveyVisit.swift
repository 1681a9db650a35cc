import Foundation
import HTTPServer
import Storage

/// Everything a survey page knows once a token has been looked up: the invitation, its
/// survey and contact, the texts in the contact's language and when the survey closes.
struct SurveyVisit: Sendable {
  let token: SecretToken
  let invitation: Invitation
  let survey: Survey
  let contact: Contact
  let wording: SurveyPageWording
  let colour: SurveyEmail.BrandColour
  /// When answers stop being taken; nil when the survey never closes (`closeAfterDays` <= 0).
  let closesAt: Date?
  /// The invitation's page state (due picks, response) read with the token, when asked for.
  let state: SurveyPageState?

  var texts: SurveyTexts { wording.texts }
  var pageTexts: SurveyPageTexts { wording.pageTexts }
  var company: String { wording.company }

  func isClosed(at now: Date) -> Bool {
    closesAt.map { now >= $0 } ?? false
  }

  /// Looks up a token received in a URL. Anything that is not a live invitation — malformed,
  /// unknown, or an invitation cancelled before it was sent — is the same 404 page. With
  /// `picksDueBy`, the page state (picks made at or before it, the response) is read in the
  /// same snapshot.
  static func find(
    _ tokenText: String, store: SQLStore, request: Request, wordings: SurveyWordingCache,
    allowCancelled: Bool = false, picksDueBy: Date? = nil
  ) throws -> SurveyVisit {
    let language = SurveyPageError.language(of: request)
    guard let token = SecretToken(received: tokenText),
      let records = try store.surveyPageRecords(
        tokenHash: token.hashBytes, picksMadeAtOrBefore: picksDueBy),
      allowCancelled || records.invitation.status != .cancelled
    else { throw SurveyPageError(.unknownToken, language: language) }
    let (invitation, survey, contact) = (records.invitation, records.survey, records.contact)
    let start = invitation.sentAt ?? invitation.createdAt
    return SurveyVisit(
      token: token, invitation: invitation, survey: survey, contact: contact,
      wording: wordings.wording(
        for: survey, locale: SurveyLanguage.locale(contact: contact.locale, survey: survey.language)
      ),
      colour: (try? SurveyEmail.BrandColour(survey.brandColor)) ?? .standard,
      closesAt: survey.closeAfterDays > 0
        ? start.addingTimeInterval(TimeInterval(survey.closeAfterDays) * 86400) : nil,
      state: records.state)
  }

  /// Throws the 410 page when the survey no longer takes answers.
  func requireOpen(at now: Date) throws(SurveyPageError) {
    if isClosed(at: now) { throw SurveyPageError(.closed, visit: self) }
  }

  /// The signature of the hidden `sig` field of this invitation's survey form (CSRF).
  func formSignature(secret: SecretKey) -> String {
    secret.sign("survey-form\u{0}" + token.hash)
  }

  /// The signature of the hidden `sig` field of the unsubscribe confirmation form.
  func unsubscribeSignature(secret: SecretKey) -> String {
    secret.sign("unsubscribe\u{0}" + token.hash)
  }
}
