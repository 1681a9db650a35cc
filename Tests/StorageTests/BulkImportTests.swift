import Foundation
import NPSCore
import StoreTesting
import Testing

@testable import Storage

/// Imports large enough to take the many-rows-per-statement paths (64 rows per statement on
/// SQLite, 1,000 on PostgreSQL), mixing rows without an external id, new ids, ids repeated
/// inside a batch and ids from an earlier batch, checked against a model kept by the test.
@Suite struct BulkImportTests {
  @Test(arguments: StoreKind.allCases)
  func largeMixedImportsKeepRowsPropertiesAndRollupsEqualToARecount(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      var random = SeededGenerator(seed: 77)
      let other = try store.createSurvey(Survey(slug: "other", name: "Other"), now: testNow)
      let surveys = [try #require(try store.survey(slug: "default")).id, other.id]
      let start = instant("2024-01-01T00:00:00Z").millisecondsSince1970
      // The last imported value per (survey, external id); rows without an id, in a list.
      var keyed: [String: RollupTests.ModelResponse] = [:]
      var unkeyed: [RollupTests.ModelResponse] = []
      var usedIDs: [String] = []
      for batchNumber in 0..<3 {
        var batch: [NewResponse] = []
        var expected = ImportSummary()
        var seenInBatch: Set<String> = []
        for row in 0..<(1_100 + batchNumber * 37) {
          let surveyID = surveys[Int.random(in: 0...1, using: &random)]
          var properties: [String: String] = [:]
          if Bool.random(using: &random) {
            properties["plan"] = "p\(Int.random(in: 0..<5, using: &random))"
          }
          if Int.random(in: 0..<4, using: &random) == 0 { properties["team"] = "t\(row % 3)" }
          if Int.random(in: 0..<20, using: &random) == 0 { properties[""] = "dropped" }
          let model = RollupTests.ModelResponse(
            surveyID: surveyID,
            respondedAt: start + Int64.random(in: 0..<(40 * 86_400_000), using: &random),
            score: Int.random(in: 0...10, using: &random),
            properties: properties.filter { !$0.key.isEmpty })
          var externalID: String?
          switch Int.random(in: 0..<10, using: &random) {
          case 0..<3: externalID = nil
          case 3..<5 where !usedIDs.isEmpty:
            externalID = usedIDs.randomElement(using: &random)  // may repeat in this batch
          default: externalID = "b\(batchNumber)-r\(row)"
          }
          let newResponse = NewResponse(
            surveyID: surveyID, externalID: externalID.map { "\(surveyID)-\($0)" },
            score: try Score(model.score),
            respondedAt: Date(millisecondsSince1970: model.respondedAt),
            source: .import, properties: properties)
          batch.append(newResponse)
          if let id = newResponse.externalID {
            if keyed[id] == nil { expected.inserted += 1 } else { expected.replaced += 1 }
            keyed[id] = model
            seenInBatch.insert(id)
            if let externalID { usedIDs.append(externalID) }
          } else {
            expected.inserted += 1
            unkeyed.append(model)
          }
        }
        let summary = try store.importResponses(batch, now: testNow)
        #expect(summary == expected)
      }
      let all = Array(keyed.values) + unkeyed
      func sortKey(_ r: RollupTests.ModelResponse) -> String {
        "\(r.surveyID) \(r.respondedAt) \(r.score) \(r.properties.sorted { $0.key < $1.key })"
      }
      let stored = try RollupTests.storedResponses(store).values.map(sortKey).sorted()
      #expect(stored == all.map(sortKey).sorted())
      #expect(try RollupTests.storedRollups(store) == RollupTests.recount(all))
      let propertyRows = try store.database.read { connection in
        try connection.query(
          """
          SELECT p.name, p.value, r.properties FROM response_properties p
          JOIN responses r ON r.id = p.response_id
          """)
      }
      #expect(propertyRows.count == all.reduce(0) { $0 + $1.properties.count })
      for row in propertyRows {
        let properties = JSONText.decodeMap(row.optionalString("properties"))
        #expect(properties[try row.string("name")] == (try row.string("value")))
      }
    }
  }
}
