import Foundation
import NPSCore
import StoreTesting
import Testing

@testable import Storage

/// Comment search: newest recorded first, bounded counts, and exact filters whichever way the
/// store reads the matches (with or without id bounds for the period).
@Suite struct CommentSearchTests {
  static let start = instant("2024-01-01T00:00:00Z")

  /// 200 responses an hour apart: every one commented "support ..." with score `i % 11`, team
  /// `a` for even `i`, `b` for odd; every fifth also says "slow". Then one more recorded last
  /// but answered at the start (an import of an old response).
  static func fill(_ store: SQLStore) throws -> Int64 {
    let survey = try #require(try store.survey(slug: "default"))
    var responses: [NewResponse] = []
    for index in 0..<200 {
      let comment: String =
        index % 5 == 0 ? "support was slow (\(index))" : "support answered (\(index))"
      let team: String = index % 2 == 0 ? "a" : "b"
      let respondedAt: Date = start.addingTimeInterval(Double(index) * 3600)
      responses.append(
        NewResponse(
          surveyID: survey.id, externalID: "s\(index)", score: try Score(index % 11),
          comment: comment, respondedAt: respondedAt, source: .import, properties: ["team": team]))
    }
    _ = try store.importResponses(responses, now: testNow)
    _ = try store.importResponses(
      [
        NewResponse(
          surveyID: survey.id, externalID: "late", score: try Score(2),
          comment: "slow support, imported late", respondedAt: start.addingTimeInterval(1800),
          source: .import, properties: ["team": "a"])
      ], now: testNow)
    return survey.id
  }

  static func hours(_ from: Int, _ to: Int) -> Range<Date> {
    start.addingTimeInterval(Double(from) * 3600)..<start.addingTimeInterval(Double(to) * 3600)
  }

  @Test(arguments: StoreKind.allCases)
  func searchListsNewestRecordedFirstAndPages(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let surveyID = try Self.fill(store)
      let first = try store.responses(
        ResponseQuery(surveyID: surveyID, search: "slow", withCommentOnly: true, limit: 3))
      #expect(
        first.compactMap(\.comment) == [
          "slow support, imported late", "support was slow (195)", "support was slow (190)",
        ])
      let second = try store.responses(
        ResponseQuery(
          surveyID: surveyID, search: "slow", withCommentOnly: true, limit: 3, offset: 3))
      #expect(
        second.compactMap(\.comment) == [
          "support was slow (185)", "support was slow (180)", "support was slow (175)",
        ])
      // Counts stop at the limit; below it they are exact.
      let all = ResponseQuery(surveyID: surveyID, search: "support")
      #expect(try store.countResponses(all, upTo: 50) == 50)
      #expect(try store.countResponses(all, upTo: 1000) == 201)
      let slow = ResponseQuery(surveyID: surveyID, search: "SLOW support")
      #expect(try store.countResponses(slow, upTo: 1000) == 41)
      #expect(
        try store.countResponses(ResponseQuery(surveyID: surveyID, search: "refund"), upTo: 10) == 0
      )
    }
  }

  @Test(arguments: StoreKind.allCases)
  func filtersStayExactWithAndWithoutIDBounds(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let surveyID = try Self.fill(store)
      // With statistics, PostgreSQL walks the primary key for these common words (without,
      // as in the test above, it reads the GIN index): the answers are the same.
      try store.optimize()
      func search(_ range: Range<Date>?, _ category: Category? = nil, team: String? = nil)
        throws -> [String]
      {
        let query = ResponseQuery(
          surveyID: surveyID, range: range, category: category,
          segment: team.map { SegmentFilter(name: "team", value: $0) }, search: "slow",
          withCommentOnly: true, limit: 1000)
        let found = try store.responses(query).compactMap(\.comment)
        #expect(try store.countResponses(query, upTo: 1000) == found.count)
        return found
      }
      // The first 11 hours: the late import (id 201) and responses 0, 5, 10, newest id first.
      let early = Self.hours(0, 11)
      #expect(
        try search(early) == [
          "slow support, imported late", "support was slow (10)", "support was slow (5)",
          "support was slow (0)",
        ])
      #expect(
        try search(early, .detractor) == [
          "slow support, imported late", "support was slow (5)", "support was slow (0)",
        ])
      #expect(try search(early, team: "b") == ["support was slow (5)"])
      // Hours 100 to 104 hold response 100 only; hours 201 on hold none.
      #expect(try search(Self.hours(100, 104)) == ["support was slow (100)"])
      #expect(try search(Self.hours(201, 300)) == [])
      // A segment value no response has: nothing, without reading the matches.
      #expect(try search(nil, team: "c") == [])
      // Passives saying "slow": responses 30, 40, 85, 95, 140, 150, 195 (scores 8, 7, 8, 7...).
      #expect(try search(nil, .passive).count == 7)
      // The same answers whether the period's ids bound the search or not (a period with more
      // comments than the bound limit reads every match and filters it).
      let unbounded = try store.responses(
        ResponseQuery(surveyID: surveyID, search: "slow", withCommentOnly: true, limit: 1000)
      ).filter { early.contains($0.respondedAt) }.compactMap(\.comment)
      #expect(unbounded == (try search(early)))
    }
  }
}
