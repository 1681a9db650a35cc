import Foundation
import NPSCore
import StoreTesting
import Testing

@testable import Storage

@Suite struct RollupTests {
  /// What a response contributes, kept by the test independently of the store.
  struct ModelResponse: Equatable {
    var surveyID: Int64
    var respondedAt: Int64
    var score: Int
    var properties: [String: String]
  }

  struct Key: Hashable {
    var surveyID: Int64
    var name: String
    var value: String
    /// 1 for hour buckets, 24 for UTC day buckets, 384 for sixteen-day buckets.
    var span: Int64
    var bucket: Int64
  }

  /// Recounts rollups from response rows: the truth the rollup table must equal.
  static func recount(_ responses: some Sequence<ModelResponse>) -> [Key: Tally] {
    var counts: [Key: Tally] = [:]
    for response in responses {
      let score = try! Score(response.score)
      for span: Int64 in [1, 24, 384] {
        let width = span * 3_600_000
        let ms = response.respondedAt
        let bucket = (ms - ((ms % width) + width) % width) / width
        counts[
          Key(surveyID: response.surveyID, name: "", value: "", span: span, bucket: bucket),
          default: Tally()
        ]
        .add(score)
        for (name, value) in response.properties {
          counts[
            Key(surveyID: response.surveyID, name: name, value: value, span: span, bucket: bucket),
            default: Tally()
          ]
          .add(score)
        }
      }
    }
    return counts
  }

  static func storedRollups(_ store: SQLStore) throws -> [Key: Tally] {
    let rows = try store.database.read { connection in
      try connection.query(
        "SELECT * FROM rollups WHERE promoters <> 0 OR passives <> 0 OR detractors <> 0")
    }
    var result: [Key: Tally] = [:]
    for row in rows {
      let key = Key(
        surveyID: try row.int("survey_id"), name: try row.string("segment_name"),
        value: try row.string("segment_value"), span: try row.int("span_hours"),
        bucket: try row.int("bucket"))
      result[key] = Tally(
        promoters: Int(try row.int("promoters")), passives: Int(try row.int("passives")),
        detractors: Int(try row.int("detractors")))
    }
    return result
  }

  static func storedResponses(_ store: SQLStore) throws -> [Int64: ModelResponse] {
    let rows = try store.database.read { connection in
      try connection.query("SELECT * FROM responses")
    }
    var result: [Int64: ModelResponse] = [:]
    for row in rows {
      let response = try SQLStore.response(from: row)
      result[response.id] = ModelResponse(
        surveyID: response.surveyID, respondedAt: response.respondedAt.millisecondsSince1970,
        score: response.score.value, properties: response.properties)
    }
    return result
  }

  @Test(arguments: StoreKind.allCases)
  func randomInsertsChangesAndDeletionsKeepRollupsEqualToARecount(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      var random = SeededGenerator(seed: 20240601)
      let other = try store.createSurvey(Survey(slug: "other", name: "Other"), now: testNow)
      let surveys = [try #require(try store.survey(slug: "default")).id, other.id]
      let start = instant("2024-01-01T00:00:00Z").millisecondsSince1970
      var model: [Int64: ModelResponse] = [:]
      var externalIDs: [Int64: (survey: Int64, id: String)] = [:]

      func randomResponse() -> ModelResponse {
        var properties: [String: String] = [:]
        if Bool.random(using: &random) {
          properties["agent"] = ["Ana", "Bo", "Cy"].randomElement(using: &random)!
        }
        if Int.random(in: 0..<3, using: &random) > 0 {
          properties["plan"] = ["free", "pro"].randomElement(using: &random)!
        }
        return ModelResponse(
          surveyID: surveys.randomElement(using: &random)!,
          respondedAt: start + Int64.random(in: 0..<(20 * 86_400_000), using: &random),
          score: Int.random(in: 0...10, using: &random), properties: properties)
      }

      for step in 0..<2500 {
        let operation = Int.random(in: 0..<10, using: &random)
        if operation < 4 || model.isEmpty {
          let new = randomResponse()
          let response = try store.recordResponse(
            NewResponse(
              surveyID: new.surveyID, score: try Score(new.score),
              respondedAt: Date(millisecondsSince1970: new.respondedAt), source: .api,
              properties: new.properties), now: testNow)
          model[response.id] = new
        } else if operation < 6 {
          // An import batch: new external ids, and re-imports that replace date, score, props.
          var batch: [NewResponse] = []
          var planned: [(String, ModelResponse)] = []
          for _ in 0..<Int.random(in: 1...5, using: &random) {
            var new = randomResponse()
            let externalID: String
            if let existing = externalIDs.values.randomElement(using: &random),
              Bool.random(using: &random)
            {
              externalID = existing.id
              new.surveyID = existing.survey
            } else {
              externalID = "ext-\(step)-\(batch.count)"
            }
            if planned.contains(where: { $0.0 == externalID && $0.1.surveyID == new.surveyID }) {
              continue
            }
            planned.append((externalID, new))
            batch.append(
              NewResponse(
                surveyID: new.surveyID, externalID: externalID, score: try Score(new.score),
                respondedAt: Date(millisecondsSince1970: new.respondedAt), source: .import,
                properties: new.properties))
          }
          _ = try store.importResponses(batch, now: testNow)
          for (externalID, new) in planned {
            if let id = externalIDs.first(where: {
              $0.value.survey == new.surveyID && $0.value.id == externalID
            })?.key {
              model[id] = new
            } else {
              let id = try #require(
                try store.database.read { connection in
                  try connection.queryFirst(
                    "SELECT id FROM responses WHERE survey_id = \(new.surveyID) AND external_id = \(externalID)"
                  )
                }?.int("id"))
              model[id] = new
              externalIDs[id] = (new.surveyID, externalID)
            }
          }
        } else if operation < 8 {
          let id = model.keys.randomElement(using: &random)!
          let score = Int.random(in: 0...10, using: &random)
          _ = try store.updateResponse(id: id, score: try Score(score), comment: nil, now: testNow)
          model[id]!.score = score
        } else {
          let id = model.keys.randomElement(using: &random)!
          try store.deleteResponse(id: id)
          model[id] = nil
          externalIDs[id] = nil
        }
      }

      #expect(try Self.storedResponses(store) == model)
      let expected = Self.recount(model.values)
      #expect(try Self.storedRollups(store) == expected)
      try store.rebuildRollups()
      #expect(try Self.storedRollups(store) == expected)
      #expect(model.count > 500)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func theSixteenDayMigrationSumsTheDayRowsOfAnEarlierSchema(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      var random = SeededGenerator(seed: 16)
      let survey = try #require(try store.survey(slug: "default")).id
      var model: [ModelResponse] = []
      // Before and after 1970 (buckets round down), over 100 days around each of two dates.
      for start in ["1969-12-01T00:00:00Z", "2024-03-01T00:00:00Z"] {
        let origin = instant(start).millisecondsSince1970
        for _ in 0..<150 {
          let new = ModelResponse(
            surveyID: survey,
            respondedAt: origin + Int64.random(in: 0..<(100 * 86_400_000), using: &random),
            score: Int.random(in: 0...10, using: &random),
            properties: ["plan": ["free", "pro", "team"].randomElement(using: &random)!])
          _ = try store.recordResponse(
            NewResponse(
              surveyID: new.surveyID, score: try Score(new.score),
              respondedAt: Date(millisecondsSince1970: new.respondedAt), source: .api,
              properties: new.properties), now: testNow)
          model.append(new)
        }
      }
      // A store of schema version 3 had no sixteen-day rows; the step that adds them runs on
      // its day rows.
      let step = try #require(Schema.rollupMigrations.first { $0.name == "sixteen-day rollups" })
      try store.database.write { connection in
        try connection.execute("DELETE FROM rollups WHERE span_hours = 384")
        try connection.executeUnsafeScript(step.script(store.dialect))
      }
      let stored = try Self.storedRollups(store)
      #expect(stored == Self.recount(model))
      #expect(stored.keys.filter { $0.span == 384 && $0.bucket < 0 }.count >= 4)
    }
  }
}
