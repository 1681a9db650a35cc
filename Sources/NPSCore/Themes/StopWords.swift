/// Words too common to be a theme.
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

  /// The stop words for a language code (`en`, `de`, `fr`...); English for others.
  public static func forLanguage(_ code: String) -> Set<String> {
    english
  }
}
