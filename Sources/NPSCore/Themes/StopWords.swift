/// Words too common to be a theme, in the languages the service speaks (`en`, `de`, `fr`,
/// `es`, `nl`; one file each).
public enum StopWords {
  /// English function words (articles, pronouns, auxiliaries, prepositions). Negations
  /// ("not", "dont", "cant") are kept as terms: "not intuitive" is a theme.
  public static let english: Set<String> = [
    "a", "about", "above", "after", "again", "against", "all", "almost", "also", "am", "an",
    "and", "any", "are", "aren", "as", "at", "be", "because", "been", "before", "being", "below",
    "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down",
    "during", "each", "either", "else", "etc", "even", "ever", "every", "few", "for", "from",
    "further", "get", "gets", "go", "going", "got", "had", "has", "have", "having", "he", "hed",
    "hell", "her", "here", "heres", "hers", "herself", "hes", "him", "himself", "his", "how",
    "however", "hows", "i", "id", "if", "ill", "im", "in", "into", "is", "it", "its", "itself",
    "ive", "just", "let", "lets", "lot", "lots", "made", "make", "makes", "me", "more", "most",
    "much", "my", "myself", "now", "of", "off", "often", "on", "once", "one", "only", "or",
    "other", "ought", "our", "ours", "ourselves", "out", "over", "own", "quite", "rather",
    "really", "same", "she", "shed", "shell", "shes", "should", "so", "some", "such", "than",
    "that", "thats", "the", "their", "theirs", "them", "themselves", "then", "there", "theres",
    "these", "they", "theyd", "theyll", "theyre", "theyve", "thing", "things", "this", "those",
    "though", "through", "thus", "to", "too", "under", "until", "up", "upon", "us", "use",
    "used", "using", "very", "via", "was", "way", "we", "wed", "well", "were", "weve", "what",
    "whats", "when", "whens", "where", "wheres", "which", "while", "who", "whom", "whos", "why",
    "whys", "will", "with", "would", "yet", "you", "youd", "youll", "your", "youre", "yours",
    "yourself", "yourselves", "youve",
  ]

  /// The stop words of each language the service speaks, by language code.
  public static let byLanguage: [String: Set<String>] = [
    "en": english, "de": german, "fr": french, "es": spanish, "nl": dutch,
  ]

  /// Stop words of one language that are content words in another and so stay terms when
  /// the language of a comment is unknown (Dutch "door", "want", German "hat", "war").
  static let sharedContentWords: Set<String> = ["door", "want", "hat", "war", "die", "son"]

  /// The stop words of every language, for comments in an unknown language (less the words
  /// of `sharedContentWords`).
  public static let all: Set<String> = byLanguage.values.reduce(into: Set<String>()) {
    $0.formUnion($1)
  }.subtracting(sharedContentWords)

  /// The language code of a locale (`de`, `de-AT`, `DE_de.UTF-8` are `de`) when it is one of
  /// `byLanguage`; nil for others, empty or nil.
  public static func languageCode(_ locale: String?) -> String? {
    guard let locale else { return nil }
    let language = locale.prefix { $0 != "-" && $0 != "_" && $0 != "." && $0 != "@" }
      .lowercased()
    return byLanguage[language] == nil ? nil : language
  }

  /// The stop words for a locale: its language's, or every language's when it is unknown.
  public static func forLanguage(_ locale: String?) -> Set<String> {
    languageCode(locale).flatMap { byLanguage[$0] } ?? all
  }
}
