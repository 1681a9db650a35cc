import Foundation
import NPSCore
import StoreTesting
import Testing

@testable import Storage

/// Migration 6 rebuilds `responses` (SQLite) and re-keys `response_properties` and `rollups`
/// on a store that already holds data: nothing may be lost on the way.
@Suite struct LeanIndexMigrationTests {
  @Test(arguments: StoreKind.allCases)
  func keepsResponsesFollowupsPropertiesRollupsAndSearch(kind: StoreKind) throws {
    try withStore(kind, migrate: false) { store, _ in
      let before = Migrator(migrations: Schema.migrations.filter { $0.version < 6 })
      try before.migrate(store.database, now: testNow)
      #expect(try store.schemaVersion() == 5)
      // Data written the way version 5 stored it.
      try store.database.write { connection in
        let rows: [(external: String?, score: Int, comment: String?, at: Int64, plan: String)] = [
          ("a-1", 10, "Fast and friendly support", 1_700_000_000_000, "team"),
          ("a-2", 3, "Slow support, nobody called back", 1_700_000_060_000, "solo"),
          (nil, 8, nil, 1_700_003_600_000, "team"),
          (nil, 0, "Slow invoices", 1_700_090_000_000, "team"),
        ]
        for row in rows {
          let id = try #require(
            try connection.queryFirst(
              """
              INSERT INTO responses (survey_id, external_id, score, comment, responded_at,
                updated_at, source, properties)
              VALUES (1, \(row.external), \(row.score), \(row.comment), \(row.at), \(row.at),
                'import', \("{\"plan\":\"\(row.plan)\"}"))
              RETURNING id
              """)?.int("id"))
          try connection.execute(
            "INSERT INTO response_properties (response_id, name, value) VALUES (\(id), 'plan', \(row.plan))"
          )
        }
        try connection.execute(
          """
          INSERT INTO followups (response_id, status, notes, created_at, updated_at)
          SELECT id, 'contacted', 'called on Monday', 0, 0 FROM responses WHERE external_id = 'a-2'
          """)
      }
      try store.rebuildRollups()
      let rollupsBefore = try RollupTests.storedRollups(store)
      let responsesBefore = try RollupTests.storedResponses(store)
      #expect(responsesBefore.count == 4)

      // Migration 6 and those after it (7: comment search, back-filled from these rows).
      #expect(
        try store.migrate(now: testNow) == Schema.migrations.map(\.version).filter { $0 >= 6 })

      #expect(try RollupTests.storedResponses(store) == responsesBefore)
      #expect(try RollupTests.storedRollups(store) == rollupsBefore)
      let followups = try store.followups(status: nil)
      #expect(followups.map(\.notes) == ["called on Monday"])
      #expect(followups.map(\.status) == [.contacted])
      let slow = try store.responses(ResponseQuery(surveyID: 1, search: "slow"))
      #expect(
        slow.compactMap(\.comment).sorted() == [
          "Slow invoices", "Slow support, nobody called back",
        ])
      let team = try store.responses(
        ResponseQuery(surveyID: 1, segment: SegmentFilter(name: "plan", value: "team")))
      #expect(team.count == 3)

      // The re-keyed tables take new rows: an import replaces by external id, adds without one.
      let summary = try store.importResponses(
        [
          NewResponse(
            surveyID: 1, externalID: "a-2", score: try Score(9), comment: "Called back, solved",
            respondedAt: Date(millisecondsSince1970: 1_700_000_060_000), source: .import,
            properties: ["plan": "solo"]),
          NewResponse(
            surveyID: 1, score: try Score(6),
            respondedAt: Date(millisecondsSince1970: 1_700_000_000_000),
            source: .import, properties: ["plan": "solo"]),
        ], now: testNow)
      #expect(summary.inserted == 1)
      #expect(summary.replaced == 1)
      let all = try RollupTests.storedResponses(store).values
      #expect(all.count == 5)
      #expect(try RollupTests.storedRollups(store) == RollupTests.recount(all))
      let solo = try store.responses(
        ResponseQuery(surveyID: 1, segment: SegmentFilter(name: "plan", value: "solo")))
      #expect(solo.map(\.score.value).sorted() == [6, 9])
      #expect(try store.responses(ResponseQuery(surveyID: 1, search: "nobody")).isEmpty)
    }
  }
}
