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
    self = SurveyLanguage(builtInFor: locale) ?? .english
  }

  /// The built-in language of a locale string (see ``init(locale:)``), nil when the texts are
  /// not built into its language.
  init?(builtInFor locale: String?) {
    let language = (locale ?? "").prefix { $0 != "-" && $0 != "_" && $0 != "." && $0 != "@" }
    self.init(rawValue: language.lowercased())
  }

  /// The locale a contact reads a survey in: the contact's own when its language is one of
  /// these, else the survey's language. The email and the survey pages both use it, so a
  /// contact without a locale (or with `pt-BR`) reads a German survey in German on both.
  public static func locale(contact: String?, survey: String) -> String {
    guard let contact, SurveyLanguage(builtInFor: contact) != nil else { return survey }
    return contact
  }

  /// The BCP 47 tag for `lang` attributes.
  public var tag: String { rawValue }
}
