import Foundation
import NPSCore
import Storage
import StoreTesting
import Testing

/// The store queries the dashboard adds, against counts made from the responses themselves.
@Suite("Dashboard store queries", .serialized) struct DashboardStoreTests {
  /// Brute force: the commented responses in the range, from every response.
  func expected(_ store: SQLStore, _ range: Range<Date>) throws -> Int {
    try store.responses(ResponseQuery(surveyID: 1, range: range, limit: 10_000))
      .filter { !($0.comment ?? "").isEmpty }.count
  }

  @Test(arguments: StoreKind.allCases) func commentCountsFollowEveryChange(kind: StoreKind) throws {
    try withTestDatabaseURL(kind) { url in
      let store = try StoreFactory.open(url: url, poolSize: 2)
      defer { store.close() }
      let now = Date(timeIntervalSince1970: 1_700_000_000)
      let base = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01T00:00:00Z
      // 300 responses 17 minutes apart; every third has a comment, the others an empty one
      // or none (neither counts).
      var responses: [NewResponse] = []
      for index in 0..<300 {
        let comment: String? = index % 3 == 0 ? "comment \(index)" : (index % 3 == 1 ? "" : nil)
        let offset = Double(index) * 17 * 60
        responses.append(
          NewResponse(
            surveyID: 1, externalID: "e\(index)", score: try Score(index % 11), comment: comment,
            respondedAt: base.addingTimeInterval(offset), source: .import))
      }
      _ = try store.importResponses(responses, now: now)
      let ranges = [
        base..<base.addingTimeInterval(86400 * 10),
        base.addingTimeInterval(1234)..<base.addingTimeInterval(40_000.5),
        base.addingTimeInterval(600)..<base.addingTimeInterval(1200),
        base.addingTimeInterval(-3600)..<base,
      ]
      func check() throws {
        for range in ranges {
          #expect(try store.commentCount(surveyID: 1, range: range) == (try expected(store, range)))
        }
      }
      #expect(try store.commentCount(surveyID: 1, range: ranges[0]) == 100)
      try check()
      // Clear a comment, add one, move one by re-import, delete one.
      let all = try store.responses(ResponseQuery(surveyID: 1, limit: 1000))
      let commented = all.filter { !($0.comment ?? "").isEmpty }
      let silent = all.filter { ($0.comment ?? "").isEmpty }
      _ = try store.updateResponse(id: commented[0].id, score: nil, comment: .some(nil), now: now)
      _ = try store.updateResponse(id: silent[0].id, score: nil, comment: "new", now: now)
      try store.deleteResponse(id: commented[1].id)
      _ = try store.importResponses(
        [
          NewResponse(
            surveyID: 1, externalID: commented[2].externalID, score: try Score(5),
            comment: "moved", respondedAt: base.addingTimeInterval(86400 * 5), source: .import)
        ], now: now)
      #expect(try store.commentCount(surveyID: 1, range: ranges[0]) == 99)
      try check()
    }
  }

  @Test(arguments: StoreKind.allCases) func propertyNamesMatchTheStoresList(kind: StoreKind) throws
  {
    try withTestDatabaseURL(kind) { url in
      let store = try StoreFactory.open(url: url, poolSize: 2)
      defer { store.close() }
      let base = Date(timeIntervalSince1970: 1_704_067_200)
      let properties: [[String: String]] = [
        ["plan": "pro", "team": "a"], ["agent": "Ana"], ["zeta": "1", "plan": "free"], [:],
      ]
      var responses: [NewResponse] = []
      for (index, map) in properties.enumerated() {
        responses.append(
          NewResponse(
            surveyID: 1, externalID: "p\(index)", score: try Score(index), respondedAt: base,
            source: .import, properties: map))
      }
      _ = try store.importResponses(responses, now: base)
      #expect(try store.segmentNames(surveyID: 1) == ["agent", "plan", "team", "zeta"])
      // When the only response with `agent` goes, so does the name.
      let ana = try #require(
        try store.responses(
          ResponseQuery(surveyID: 1, segment: SegmentFilter(name: "agent", value: "Ana"))
        ).first)
      try store.deleteResponse(id: ana.id)
      #expect(try store.segmentNames(surveyID: 1) == ["plan", "team", "zeta"])
      #expect(try store.segmentNames(surveyID: 2).isEmpty)
    }
  }
}

extension DashboardStoreTests {
  /// Comment texts for themes carry the contact's locale (nil without a contact or locale).
  @Test(arguments: StoreKind.allCases) func commentTextsCarryTheContactsLocale(kind: StoreKind)
    throws
  {
    try withTestDatabaseURL(kind) { url in
      let store = try StoreFactory.open(url: url, poolSize: 2)
      defer { store.close() }
      let now = Date(timeIntervalSince1970: 1_700_000_000)
      let german = try store.upsertContact(
        ContactInput(email: "de@example.com", locale: "de-AT"), now: now)
      let unknown = try store.upsertContact(ContactInput(email: "x@example.com"), now: now)
      let comments: [(Int64?, String)] = [
        (german.id, "Die Rechnung ist falsch"), (unknown.id, "Slow support"), (nil, "Imported"),
      ]
      for (index, (contactID, text)) in comments.enumerated() {
        _ = try store.recordResponse(
          NewResponse(
            surveyID: 1, contactID: contactID, externalID: "l\(index)", score: try Score(3),
            comment: text, respondedAt: now.addingTimeInterval(Double(index)), source: .api),
          now: now)
      }
      let texts = try store.commentTexts(
        surveyID: 1, range: now..<now.addingTimeInterval(60), category: .detractor,
        segment: nil, limit: 10)
      #expect(
        texts == [
          ThemeComment("Imported"), ThemeComment("Slow support"),
          ThemeComment("Die Rechnung ist falsch", locale: "de-AT"),
        ])
    }
  }
}
