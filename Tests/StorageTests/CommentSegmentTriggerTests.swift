import Foundation
import NPSCore
import StoreTesting
import Testing

@testable import Storage

/// The triggers that keep `comment_segments` when a commented response changes or goes.
@Suite struct CommentSegmentTriggerTests {
  /// A survey with `count` commented responses, each with two segment properties.
  static func fill(_ store: SQLStore, count: Int) throws -> Int64 {
    let survey = try #require(try store.survey(slug: "default")).id
    _ = try store.importResponses(
      try (0..<count).map { index in
        NewResponse(
          surveyID: survey, externalID: "r\(index)", score: try Score(index % 11),
          comment: "comment \(index)",
          respondedAt: instant("2024-01-01T00:00:00Z").addingTimeInterval(Double(index) * 60),
          source: .import, properties: ["plan": index % 2 == 0 ? "pro" : "team", "agent": "a"])
      }, now: testNow)
    return survey
  }

  /// The VM steps SQLite takes to change the score of one commented response (its triggers
  /// rewrite that response's `comment_search` and `comment_segments` rows).
  static func stepsToChangeAScore(_ store: SQLStore) throws -> Int {
    try store.database.write { connection in
      let sqlite = try #require(connection as? SQLiteConnection)
      let id = try #require(
        try sqlite.queryFirst("SELECT min(id) AS id FROM responses")?.int("id"))
      return try sqlite.withStatements(["UPDATE responses SET score = ?1 WHERE id = ?2"]) {
        statements in
        let update = statements[0]
        try update.bind(1, 3)
        try update.bind(2, id)
        _ = try update.step()
        return update.virtualMachineSteps()
      }
    }
  }

  /// Changing one response costs the same with 100 or 3,000 commented responses in its
  /// survey: the old rows are found by their key, not by stepping over the survey's (which
  /// cost thousands of steps more at 3,000 before migration 9).
  @Test func changingAResponseDoesNotStepOverItsSurvey() throws {
    var steps: [Int] = []
    for count in [100, 3_000] {
      try withStore(.sqlite) { store, _ in
        _ = try Self.fill(store, count: count)
        steps.append(try Self.stepsToChangeAScore(store))
      }
    }
    #expect(steps.count == 2)
    #expect(steps[0] > 0)
    #expect(steps[1] <= steps[0] + 20, "VM steps with 100 and 3,000 responses: \(steps)")
  }

  /// Updates and deletes keep exactly one row per property of each commented response.
  @Test(arguments: StoreKind.allCases)
  func segmentsFollowChangesAndDeletes(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let survey = try Self.fill(store, count: 40)
      let responses = try store.responses(
        ResponseQuery(surveyID: survey, withCommentOnly: true, limit: 100))
      #expect(responses.count == 40)
      for response in responses.prefix(10) {
        _ = try store.updateResponse(
          id: response.id, score: try Score((response.score.value + 5) % 11), comment: nil,
          now: testNow)
      }
      for response in responses[10..<15] {
        _ = try store.updateResponse(
          id: response.id, score: nil, comment: .some(nil), now: testNow)
      }
      for response in responses[15..<20] { try store.deleteResponse(id: response.id) }
      try CommentSearchPlanTests.expectSegmentsFollowTheResponses(store, surveys: [survey])
      let rows = try store.database.read { connection in
        try connection.queryFirst("SELECT count(*) AS n FROM comment_segments")?.int("n")
      }
      // 40 - 5 uncommented - 5 deleted, two properties each.
      #expect(rows == 60)
    }
  }
}
