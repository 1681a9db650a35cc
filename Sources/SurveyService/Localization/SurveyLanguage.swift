/// A language the survey texts are built into.
public enum SurveyLanguage: String, Sendable, Hashable, Codable, CaseIterable {
  case english = "en"
  case german = "de"
  case french = "fr"
  case spanish = "es"
  case dutch = "nl"

  /// The language for a locale string: its language part before `-`, `_` or `.`, compared
  /// without case (`de`, `de-AT`, `DE_de.UTF-8` are German, `fr_CA` French). Unknown, empty or
  /// nil locales give English.
  public init(locale: String?) {
    let language = (locale ?? "").prefix { $0 != "-" && $0 != "_" && $0 != "." && $0 != "@" }
    self = SurveyLanguage(rawValue: language.lowercased()) ?? .english
  }

  /// The locale a contact reads a survey in: the contact's own when its language is one of
  /// these, else the survey's language. The email and the survey pages both use it, so a
  /// contact without a locale (or with `pt-BR`) reads a German survey in German on both.
  public static func locale(contact: String?, survey: String) -> String {
    guard let contact else { return survey }
    let language = contact.prefix { $0 != "-" && $0 != "_" && $0 != "." && $0 != "@" }
    return SurveyLanguage(rawValue: language.lowercased()) != nil ? contact : survey
  }

  /// The BCP 47 tag for `lang` attributes.
  public var tag: String { rawValue }
}
