/// Splits a comment into lower-case words and keeps the terms a theme can be made of.
///
/// A word is a run of letters and digits; apostrophes inside a word are dropped (`don't` is
/// `dont`), so "don't" and "dont" count as one word, except after a French elision (`l'`,
/// `d'`, `qu'`...), which is dropped and starts a new word (`l'équipe` is `équipe`). Stop
/// words, single letters and numbers are not terms. A phrase is two adjacent words of the
/// comment that are both terms.
///
/// Stop words are chosen per comment: its language's list when its locale is one of
/// `stopWordsByLanguage`, else `stopWords`.
public struct CommentTokenizer: Sendable {
  /// Stop words of comments whose language is unknown.
  public let stopWords: Set<String>
  /// Stop words by language code (`de`), for comments whose language is known.
  public let stopWordsByLanguage: [String: Set<String>]

  public init(
    stopWords: Set<String> = StopWords.english, byLanguage: [String: Set<String>] = [:]
  ) {
    self.stopWords = stopWords
    self.stopWordsByLanguage = byLanguage
  }

  /// Each known language's own list; every language's list when the language is unknown.
  public static let multilingual = CommentTokenizer(
    stopWords: StopWords.all, byLanguage: StopWords.byLanguage)

  /// French elided articles and pronouns, dropped before an apostrophe.
  static let elisions: Set<String> = [
    "c", "d", "j", "l", "m", "n", "qu", "s", "t", "jusqu", "lorsqu", "puisqu",
  ]

  /// The stop words for a comment of this locale (nil: unknown).
  public func stopWords(locale: String?) -> Set<String> {
    StopWords.languageCode(locale).flatMap { stopWordsByLanguage[$0] } ?? stopWords
  }

  /// The words of the text in order, lower-cased.
  public func words(_ text: String) -> [String] {
    var words: [String] = []
    var current = ""
    for character in text.lowercased() {
      if character.isLetter || character.isNumber {
        current.append(character)
      } else if character == "'" || character == "\u{2019}" {
        if Self.elisions.contains(current) { current = "" }
        continue
      } else if !current.isEmpty {
        words.append(current)
        current = ""
      }
    }
    if !current.isEmpty { words.append(current) }
    return words
  }

  /// Whether a word may be (part of) a theme (with the stop words of unknown languages).
  public func isTerm(_ word: String) -> Bool {
    Self.isTerm(word, stopWords)
  }

  static func isTerm(_ word: String, _ stopWords: Set<String>) -> Bool {
    word.count > 1 && !stopWords.contains(word) && !word.allSatisfy(\.isNumber)
  }

  /// The distinct terms of a comment: its words and two-word phrases, without the stop words
  /// of its locale (nil: unknown).
  public func terms(_ text: String, locale: String? = nil) -> Set<String> {
    let words = words(text)
    let stopWords = stopWords(locale: locale)
    var terms: Set<String> = []
    for (index, word) in words.enumerated() where Self.isTerm(word, stopWords) {
      terms.insert(word)
      if index + 1 < words.count, Self.isTerm(words[index + 1], stopWords) {
        terms.insert(word + " " + words[index + 1])
      }
    }
    return terms
  }
}
