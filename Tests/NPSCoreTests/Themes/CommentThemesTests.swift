import Foundation
import Testing

@testable import NPSCore

@Suite struct CommentThemesTests {
  @Test func wordsAndPhrases() {
    let tokenizer = CommentTokenizer()
    #expect(
      tokenizer.words("Don’t like the NEW pricing, 2 stars!") == [
        "dont", "like", "the", "new", "pricing", "2", "stars",
      ])
    // Stop words and numbers are not terms; phrases join two adjacent terms only.
    #expect(
      tokenizer.terms("The mind map is slow to load")
        == ["mind", "map", "mind map", "slow", "load"])
  }

  @Test func logOddsByHand() {
    // a = 6 of 40, b = 6 of 306: ln(6.5/34.5) − ln(6.5/300.5) = 2.16449 (python3),
    // variance 1/6.5 + 1/34.5 + 1/6.5 + 1/300.5, z = 3.71204.
    let (ratio, z) = CommentThemes.logOdds(a: 6, nA: 40, b: 6, nB: 306)
    #expect(abs(ratio - 2.164488429937948) < 1e-12)
    #expect(abs(z - 3.7120364526297642) < 1e-12)
  }

  @Test func aPhraseHidesItsWordWhenItAddsNothing() {
    let detractors = Array(repeating: "slow sync again", count: 5) + ["fine"]
    let promoters = Array(repeating: "great templates", count: 6)
    let result = CommentThemes.compare(detractors, promoters, minimumCount: 3)
    #expect(result.first.map(\.term).contains("slow sync"))
    #expect(!result.first.map(\.term).contains("slow"))
    #expect(result.second.first?.count == 6)
  }

  /// shared/data/miro_nps.csv: 40 detractor and 306 promoter comments; the expected terms,
  /// counts and z were computed with python3 from the definition (document counts, log odds
  /// ratio with 0.5 added to each cell, over its standard error).
  @Test func miroComments() throws {
    let result = try readResponses(try SharedFiles.bytes("data/miro_nps.csv"))
    let detractors = result.records.filter { $0.score.score?.category == .detractor }.compactMap(
      \.comment)
    let promoters = result.records.filter { $0.score.score?.category == .promoter }.compactMap(
      \.comment)
    #expect(detractors.count == 40)
    #expect(promoters.count == 306)
    let themes = CommentThemes.compare(detractors, promoters)
    let first = themes.first.prefix(5).map { "\($0.term) \($0.count)/\($0.otherCount)" }
    #expect(first == ["no 6/6", "find 6/8", "people 4/4", "click 3/3", "stuff 3/3"])
    #expect(abs(themes.first[0].z - 3.7120364526297642) < 1e-9)
    let second = themes.second.prefix(4).map { "\($0.term) \($0.count)/\($0.otherCount)" }
    #expect(second == ["templates 99/5", "love 30/0", "easy 41/2", "card 19/0"])
    #expect(abs(themes.second[0].z - 2.3826092522705236) < 1e-9)
  }
}
