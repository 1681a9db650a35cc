import NPSCore
import Storage
import Synchronization

/// The filled-in wording of one survey in one language: everything the pages print that does
/// not depend on the invitation. Filling templates costs tens of microseconds per text, so
/// it is done once per survey wording and language and kept in a ``SurveyWordingCache``.
struct SurveyPageWording: Sendable {
  let texts: SurveyTexts
  let pageTexts: SurveyPageTexts
  let company: String
  /// The question with `{company}` filled in.
  let question: String
  let followUpPromoter: String
  let followUpPassive: String
  let followUpDetractor: String
  /// The screen-reader label of each score 0...10.
  let scoreLabels: [String]

  init(survey: Survey, language: SurveyLanguage, defaultCompany: String) {
    let texts = SurveyWording.texts(for: survey, language: language)
    let company = SurveyWording.companyName(for: survey, fallback: defaultCompany)
    self.texts = texts
    self.pageTexts = .forLanguage(language)
    self.company = company
    question = texts.question(company: company)
    followUpPromoter = texts.followUp(for: .promoter, company: company)
    followUpPassive = texts.followUp(for: .passive, company: company)
    followUpDetractor = texts.followUp(for: .detractor, company: company)
    scoreLabels = (0...10).map { score in
      switch score {
      case 0: texts.lowLabel
      case 10: texts.highLabel
      default: texts.accessibleLabel(score: score)
      }
    }
  }

  func followUp(for category: Category) -> String {
    switch category {
    case .promoter: followUpPromoter
    case .passive: followUpPassive
    case .detractor: followUpDetractor
    }
  }
}

/// Filled-in wordings by survey wording and language. Entries are keyed by every survey field
/// the wording depends on, so an edited survey gets a new entry at once; the cache is emptied
/// when it grows past 1,000 entries. Shared by the request threads (a `Mutex`).
final class SurveyWordingCache: Sendable {
  private struct Key: Hashable {
    var surveyID: Int64
    var language: SurveyLanguage
    var fields: [String]
  }

  private let entries = Mutex<[Key: SurveyPageWording]>([:])
  /// The company name for surveys without a brand or sender name.
  let defaultCompany: String

  init(defaultCompany: String) {
    self.defaultCompany = defaultCompany
  }

  func wording(for survey: Survey, locale: String?) -> SurveyPageWording {
    let language = SurveyLanguage(locale: locale)
    let key = Key(
      surveyID: survey.id, language: language,
      fields: [
        survey.question, survey.followupPromoter, survey.followupPassive,
        survey.followupDetractor, survey.brandName, survey.senderName, survey.name,
      ])
    if let hit = entries.withLock({ $0[key] }) { return hit }
    let wording = SurveyPageWording(
      survey: survey, language: language, defaultCompany: defaultCompany)
    entries.withLock {
      if $0.count >= 1000 { $0.removeAll() }
      $0[key] = wording
    }
    return wording
  }
}
