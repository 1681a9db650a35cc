import Foundation

/// A word or two-word phrase that is more frequent in one group's comments than in the other's.
public struct CommentTheme: Sendable, Hashable, Codable {
  /// The word, or two words separated by a space.
  public var term: String
  /// Comments of the group it characterises that contain it.
  public var count: Int
  /// Comments of the other group that contain it.
  public var otherCount: Int
  /// The log odds ratio of containing the term, this group against the other (natural log,
  /// with 0.5 added to each cell).
  public var logOddsRatio: Double
  /// The log odds ratio over its standard error: how sure the over-representation is.
  public var z: Double

  public var isPhrase: Bool { term.contains(" ") }
}

/// A comment and, when known, the locale of the person who wrote it (`de`, `fr-CA`), which
/// chooses its stop words.
public struct ThemeComment: Sendable, Hashable {
  public var text: String
  public var locale: String?

  public init(_ text: String, locale: String? = nil) {
    self.text = text
    self.locale = locale
  }
}

/// The themes of two groups of comments (e.g. detractors against promoters).
public struct ThemeComparison: Sendable, Hashable, Codable {
  /// Terms over-represented in the first group, strongest first.
  public var first: [CommentTheme]
  /// Terms over-represented in the second group, strongest first.
  public var second: [CommentTheme]
  public var firstComments: Int
  public var secondComments: Int
}

/// Finds the words and phrases most over-represented in one group of comments compared with
/// another.
///
/// Each comment counts a term once (document frequency). For a term in `a` of `nA` comments of
/// the first group and `b` of `nB` of the second, the log odds ratio with 0.5 added to every
/// cell is `ln((a+.5)/(nA−a+.5)) − ln((b+.5)/(nB−b+.5))`, its variance the sum of the four
/// reciprocals; terms are ranked by the ratio over its standard error (z), so a term seen in
/// many comments outranks a rare one with the same ratio. Only terms in at least `minimumCount`
/// comments of the group they characterise and with z above `minimumZ` are kept.
public enum CommentThemes {
  public static func compare(
    _ firstGroup: [String], _ secondGroup: [String],
    tokenizer: CommentTokenizer = CommentTokenizer(), minimumCount: Int = 3,
    minimumZ: Double = 1.0, limit: Int = 15
  ) -> ThemeComparison {
    compare(
      firstGroup.map { ThemeComment($0) }, secondGroup.map { ThemeComment($0) },
      tokenizer: tokenizer, minimumCount: minimumCount, minimumZ: minimumZ, limit: limit)
  }

  /// The same for comments whose locale chooses their stop words (see ``CommentTokenizer``).
  public static func compare(
    _ firstGroup: [ThemeComment], _ secondGroup: [ThemeComment],
    tokenizer: CommentTokenizer = .multilingual, minimumCount: Int = 3,
    minimumZ: Double = 1.0, limit: Int = 15
  ) -> ThemeComparison {
    let firstCounts = documentFrequencies(firstGroup, tokenizer)
    let secondCounts = documentFrequencies(secondGroup, tokenizer)
    let nA = Double(firstGroup.count)
    let nB = Double(secondGroup.count)
    var first: [CommentTheme] = []
    var second: [CommentTheme] = []
    for term in Set(firstCounts.keys).union(secondCounts.keys) {
      let a = firstCounts[term] ?? 0
      let b = secondCounts[term] ?? 0
      let (ratio, z) = logOdds(a: Double(a), nA: nA, b: Double(b), nB: nB)
      if z >= minimumZ, a >= minimumCount {
        first.append(
          CommentTheme(term: term, count: a, otherCount: b, logOddsRatio: ratio, z: z))
      } else if -z >= minimumZ, b >= minimumCount {
        second.append(
          CommentTheme(term: term, count: b, otherCount: a, logOddsRatio: -ratio, z: -z))
      }
    }
    return ThemeComparison(
      first: strongest(first, limit), second: strongest(second, limit),
      firstComments: firstGroup.count, secondComments: secondGroup.count)
  }

  /// The log odds ratio of a term's presence, first group against second, and its z.
  public static func logOdds(a: Double, nA: Double, b: Double, nB: Double) -> (
    ratio: Double, z: Double
  ) {
    let ratio = log((a + 0.5) / (nA - a + 0.5)) - log((b + 0.5) / (nB - b + 0.5))
    let variance = 1 / (a + 0.5) + 1 / (nA - a + 0.5) + 1 / (b + 0.5) + 1 / (nB - b + 0.5)
    return (ratio, ratio / variance.squareRoot())
  }

  static func documentFrequencies(_ comments: [ThemeComment], _ tokenizer: CommentTokenizer)
    -> [String: Int]
  {
    var counts: [String: Int] = [:]
    for comment in comments {
      for term in tokenizer.terms(comment.text, locale: comment.locale) {
        counts[term, default: 0] += 1
      }
    }
    return counts
  }

  /// Strongest first (ties: more comments, then alphabetical); a phrase hides its own words
  /// only when they add nothing (same count), so "mind map" does not also list "mind".
  static func strongest(_ themes: [CommentTheme], _ limit: Int) -> [CommentTheme] {
    let sorted = themes.sorted {
      ($0.z, $0.count, $1.term) > ($1.z, $1.count, $0.term)
    }
    let phrases = sorted.filter(\.isPhrase)
    var kept: [CommentTheme] = []
    for theme in sorted where kept.count < limit {
      let shadowed =
        !theme.isPhrase
        && phrases.contains { phrase in
          phrase.count == theme.count
            && phrase.term.split(separator: " ").contains(Substring(theme.term))
        }
      if !shadowed { kept.append(theme) }
    }
    return kept
  }
}
