/// Finds the score column from the headers alone, and never guesses between equals.
///
/// Headers (and Qualtrics question texts) are ranked in tiers, strongest first:
/// 1. the header is an NPS name: `score`, `nps`, `nps_score`, `rating`, `ltr`,
///    `likelihood_to_recommend`, `net promoter score`...
/// 2. the text mentions "recommend" or "net promoter" (the NPS question itself);
/// 3. the text has the word `nps` (`Q1_NPS`, `NPS (0-10)`);
/// 4. the text has the word `score` or `rating` (`Overall score`);
/// 5. the text announces a 0-10 scale (`0-10`, `0 to 10`, `scale of 0`) or asks "how likely".
/// Tiers 2-5 skip open questions (texts with "why", "reason", "comment", "explain", "feedback",
/// "improve"), and Qualtrics `..._NPS_GROUP` columns are never candidates. The first tier with
/// any match decides: exactly one column is the score column; several stop the reader with
/// `ambiguousScoreColumn` listing them; none in any tier stops it with `noScoreColumn`.
enum ScoreColumnRule {
  static let npsNames: Set<String> = [
    "score", "nps", "npsscore", "npsrating", "npsvalue", "npsanswer", "rating", "ltr",
    "likelihoodtorecommend", "recommend", "recommendation", "recommendationscore",
    "netpromoterscore", "netpromoter", "promoterscore",
  ]
  static let openQuestionMarks = [
    "why", "reason", "comment", "explain", "feedback", "improve", "tell us",
  ]
  static let scaleMarks = [
    "0-10", "0 - 10", "0 to 10", "0\u{2013}10", "zero to ten", "scale of 0", "how likely",
  ]

  struct Choice {
    let index: Int
    let reason: String
  }

  static func choose(
    _ texts: [ColumnTexts], ignoring ignored: [Int], columns: [ResponseTableLayout.Column]
  ) throws(ResponseReadError) -> Choice {
    let tiers: [(reason: String, test: (HeaderText) -> Bool)] = [
      ("its header is an NPS name", { npsNames.contains($0.compact) }),
      (
        "its header mentions recommending",
        { !isOpenQuestion($0) && ($0.contains("recommend") || $0.contains("net promoter")) }
      ),
      ("its header has the word NPS", { !isOpenQuestion($0) && $0.words.contains("nps") }),
      (
        "its header has the word score or rating",
        { !isOpenQuestion($0) && ($0.words.contains("score") || $0.words.contains("rating")) }
      ),
      (
        "its header announces a 0-10 scale",
        { text in !isOpenQuestion(text) && scaleMarks.contains { text.contains($0) } }
      ),
    ]
    for tier in tiers {
      let matches = texts.indices.filter { index in
        !ignored.contains(index) && texts[index].all.contains(where: tier.test)
      }
      if matches.count == 1 { return Choice(index: matches[0], reason: tier.reason) }
      if matches.count > 1 {
        throw ResponseReadError(
          .ambiguousScoreColumn, option: "--score-column",
          candidates: matches.map { columns[$0].label }, candidateColumns: matches.map { $0 + 1 })
      }
    }
    throw ResponseReadError(
      .noScoreColumn, option: "--score-column", candidates: columns.map(\.label))
  }

  static func isOpenQuestion(_ text: HeaderText) -> Bool {
    openQuestionMarks.contains { mark in
      mark.contains(" ")
        ? text.contains(mark) : text.words.contains(mark) || text.words.contains(mark + "s")
    }
  }
}
