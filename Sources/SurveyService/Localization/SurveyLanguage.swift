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

  /// The BCP 47 tag for `lang` attributes.
  public var tag: String { rawValue }
}
