/// Splits a comment into lower-case words and keeps the terms a theme can be made of.
///
/// A word is a run of letters and digits; apostrophes inside a word are dropped (`don't` is
/// `dont`), so "don't" and "dont" count as one word. Stop words, single letters and numbers are
/// not terms. A phrase is two adjacent words of the comment that are both terms.
public struct CommentTokenizer: Sendable {
  public let stopWords: Set<String>

  public init(stopWords: Set<String> = StopWords.english) {
    self.stopWords = stopWords
  }

  /// The words of the text in order, lower-cased.
  public func words(_ text: String) -> [String] {
    var words: [String] = []
    var current = ""
    for character in text.lowercased() {
      if character.isLetter || character.isNumber {
        current.append(character)
      } else if character == "'" || character == "\u{2019}" {
        continue
      } else if !current.isEmpty {
        words.append(current)
        current = ""
      }
    }
    if !current.isEmpty { words.append(current) }
    return words
  }

  /// Whether a word may be (part of) a theme.
  public func isTerm(_ word: String) -> Bool {
    word.count > 1 && !stopWords.contains(word) && !word.allSatisfy(\.isNumber)
  }

  /// The distinct terms of a comment: its words and two-word phrases.
  public func terms(_ text: String) -> Set<String> {
    let words = words(text)
    var terms: Set<String> = []
    for (index, word) in words.enumerated() where isTerm(word) {
      terms.insert(word)
      if index + 1 < words.count, isTerm(words[index + 1]) {
        terms.insert(word + " " + words[index + 1])
      }
    }
    return terms
  }
}
