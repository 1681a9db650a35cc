import NPSCore

/// Every piece of wording the survey email and pages show, in one language.
///
/// Texts are templates: `{company}` is replaced by the company name, `{name}` by the contact's
/// name and `{score}` by a score. Use ``SurveyTexts/resolve(locale:overrides:)`` to get the
/// built-in texts for a locale with a survey's own wording laid over them, then the `...(company:)`
/// style methods to fill them in. Texts are plain text: whoever puts them into HTML escapes them.
public struct SurveyTexts: Sendable, Hashable {
  /// The language of the built-in texts these start from.
  public var language: SurveyLanguage
  /// Email subject, e.g. "How likely are you to recommend {company}?".
  public var subject: String
  /// Hidden preview line shown by mail clients after the subject.
  public var preheader: String
  /// Greeting with the contact's name, e.g. "Hello {name},".
  public var greeting: String
  /// Greeting when the name is unknown, e.g. "Hello,".
  public var greetingWithoutName: String
  /// The paragraph before the question.
  public var intro: String
  /// The recommend question, with `{company}`.
  public var question: String
  /// The label under score 0, e.g. "0 - not at all likely".
  public var lowLabel: String
  /// The label under score 10, e.g. "10 - extremely likely".
  public var highLabel: String
  /// What 0 means, for the accessible label of the 0 button.
  public var lowMeaning: String
  /// What 10 means, for the accessible label of the 10 button.
  public var highMeaning: String
  /// Accessible label of one score button, with `{score}`, e.g. "{score} out of 10".
  public var scoreLabel: String
  /// Follow-up question for detractors (0-6).
  public var followUpDetractor: String
  /// Follow-up question for passives (7-8).
  public var followUpPassive: String
  /// Follow-up question for promoters (9-10).
  public var followUpPromoter: String
  /// Label of the comment box.
  public var commentLabel: String
  /// The button that sends the comment.
  public var sendButton: String
  /// Heading after an answer is recorded.
  public var thankYou: String
  /// The sentence under it.
  public var thankYouDetail: String
  /// Link or heading for changing the score.
  public var changeScore: String
  /// The unsubscribe link text.
  public var unsubscribe: String
  /// Why the recipient gets this email, with `{company}`.
  public var unsubscribeNote: String
  /// The button on the unsubscribe page.
  public var unsubscribeButton: String
  /// Shown once unsubscribed, with `{company}`.
  public var unsubscribed: String
  /// Shown when the survey no longer takes answers.
  public var surveyClosed: String
  /// The line before the score links in the plain-text email.
  public var plainTextInstruction: String

  /// The built-in texts for a language.
  public static func builtIn(_ language: SurveyLanguage) -> SurveyTexts {
    switch language {
    case .english: .english
    case .german: .german
    case .french: .french
    case .spanish: .spanish
    case .dutch: .dutch
    }
  }

  /// The built-in texts for `locale` (see ``SurveyLanguage/init(locale:)``) with every non-nil
  /// field of `overrides` replacing the built-in one.
  public static func resolve(
    locale: String?, overrides: SurveyTextOverrides = SurveyTextOverrides()
  )
    -> SurveyTexts
  {
    builtIn(SurveyLanguage(locale: locale)).applying(overrides)
  }

  /// These texts with every non-nil field of `overrides` replacing the current one.
  public func applying(_ overrides: SurveyTextOverrides) -> SurveyTexts {
    var texts = self
    for (keyPath, overrideKeyPath) in SurveyTextOverrides.fields {
      if let value = overrides[keyPath: overrideKeyPath] { texts[keyPath: keyPath] = value }
    }
    return texts
  }

  // MARK: Filled-in texts

  /// Replaces `{company}`, `{name}` and `{score}` in `template`.
  public static func fill(
    _ template: String, company: String = "", name: String = "", score: Int? = nil
  ) -> String {
    // One pass over the bytes: Foundation's substring search costs tens of microseconds per
    // text and made rendering most of a worker's time. A value is never scanned again, so a
    // company name holding "{name}" stays as written.
    let bytes = Array(template.utf8)
    guard bytes.contains(UInt8(ascii: "{")) else { return template }
    let placeholders: [([UInt8], String)] =
      [(Array("{company}".utf8), company), (Array("{name}".utf8), name)]
      + (score.map { [(Array("{score}".utf8), String($0))] } ?? [])
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + company.utf8.count + name.utf8.count)
    var index = 0
    next: while index < bytes.count {
      if bytes[index] == UInt8(ascii: "{") {
        for (key, value) in placeholders
        where bytes.count - index >= key.count
          && bytes[index..<index + key.count].elementsEqual(key)
        {
          out.append(contentsOf: value.utf8)
          index += key.count
          continue next
        }
      }
      out.append(bytes[index])
      index += 1
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The subject for `company`.
  public func subject(company: String) -> String { SurveyTexts.fill(subject, company: company) }

  /// The question for `company`.
  public func question(company: String) -> String { SurveyTexts.fill(question, company: company) }

  /// The greeting for a contact name (trimmed); the nameless greeting when it is nil or empty.
  public func greeting(name: String?) -> String {
    let trimmed = (name ?? "").filter { !$0.isNewline }
    let isBlank = trimmed.allSatisfy(\.isWhitespace)
    return isBlank ? greetingWithoutName : SurveyTexts.fill(greeting, name: trimmed)
  }

  /// The accessible label of a score button: "7 out of 10"; 0 and 10 add their meaning
  /// ("0 out of 10, not at all likely").
  public func accessibleLabel(score: Int) -> String {
    let base = SurveyTexts.fill(scoreLabel, score: score)
    switch score {
    case 0: return base + ", " + lowMeaning
    case 10: return base + ", " + highMeaning
    default: return base
    }
  }

  /// The follow-up question for a category, with `{company}` filled in.
  public func followUp(for category: Category, company: String) -> String {
    let template =
      switch category {
      case .detractor: followUpDetractor
      case .passive: followUpPassive
      case .promoter: followUpPromoter
      }
    return SurveyTexts.fill(template, company: company)
  }
}
