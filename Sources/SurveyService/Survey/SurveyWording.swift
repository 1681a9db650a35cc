import Foundation
import Storage

/// The texts a survey shows a contact: the built-in texts of the contact's locale, with the
/// survey's own wording laid over them.
///
/// A survey record stores its question and three follow-ups. A stored text equal to the stock
/// default of ``Survey`` (what a new survey and the seeded `default` survey hold) means "not
/// customised": the contact's language is used. Any other stored text is the survey's own
/// wording and replaces the built-in text in every language.
public enum SurveyWording {
  private static let stock = Survey(slug: "", name: "")

  /// The texts for a contact with `locale` (e.g. `de-AT`) answering `survey`.
  public static func texts(for survey: Survey, locale: String?) -> SurveyTexts {
    texts(for: survey, language: SurveyLanguage(locale: locale))
  }

  /// The same for a language. Sets the four fields directly (what
  /// `SurveyTexts.resolve(locale:overrides:)` does through key paths, more slowly).
  static func texts(for survey: Survey, language: SurveyLanguage) -> SurveyTexts {
    var texts = SurveyTexts.builtIn(language)
    let custom = overrides(for: survey)
    if let question = custom.question { texts.question = question }
    if let text = custom.followUpPromoter { texts.followUpPromoter = text }
    if let text = custom.followUpPassive { texts.followUpPassive = text }
    if let text = custom.followUpDetractor { texts.followUpDetractor = text }
    return texts
  }

  /// The survey's customised wording as overrides.
  public static func overrides(for survey: Survey) -> SurveyTextOverrides {
    var overrides = SurveyTextOverrides()
    func custom(_ value: String, _ stockValue: String) -> String? {
      let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
      return trimmed.isEmpty || value == stockValue ? nil : value
    }
    overrides.question = custom(survey.question, stock.question)
    overrides.followUpPromoter = custom(survey.followupPromoter, stock.followupPromoter)
    overrides.followUpPassive = custom(survey.followupPassive, stock.followupPassive)
    overrides.followUpDetractor = custom(survey.followupDetractor, stock.followupDetractor)
    return overrides
  }

  /// The name filled in for `{company}`, the same in the email and on the pages: the brand
  /// name, else the sender name, else `fallback` (the host of the public base URL).
  public static func companyName(for survey: Survey, fallback: String) -> String {
    for candidate in [survey.brandName, survey.senderName] {
      let trimmed = candidate.trimmingCharacters(in: .whitespacesAndNewlines)
      if !trimmed.isEmpty { return trimmed }
    }
    return fallback
  }
}
