import Foundation
import NPSCore
import Storage
import StoreTesting
import Testing

@testable import NPSCommands

/// The import's writer thread: batches land in order, and the first failure stops it.
@Suite struct ImportWriterTests {
  static let now = Date(timeIntervalSince1970: 1_717_243_200)

  static func response(_ surveyID: Int64, id: String, score: Int, day: Int) throws -> NewResponse {
    NewResponse(
      surveyID: surveyID, externalID: id, score: try Score(score),
      respondedAt: Date(timeIntervalSince1970: 1_704_067_200 + Double(day) * 86_400),
      source: .import, properties: ["plan": "p\(day % 3)"])
  }

  @Test(arguments: StoreKind.allCases)
  func batchesAreWrittenInOrderSoALaterRowReplacesAnEarlierOne(kind: StoreKind) throws {
    try withTestDatabaseURL(kind) { url in
      let store = try StoreFactory.open(url: url)
      defer { store.close() }
      let survey = try #require(try store.survey(slug: "default")).id
      let writer = ImportWriter(store: store, now: Self.now)
      // 40 batches of 50; ids repeat across batches, the last row of an id has score 10.
      for batch in 0..<40 {
        let rows = try (0..<50).map { row in
          try Self.response(
            survey, id: "r\(row + (batch % 4) * 50)", score: batch >= 36 ? 10 : 0, day: row)
        }
        _ = try writer.submit(rows)
      }
      let totals = try writer.finish()
      #expect(totals.inserted == 200)
      #expect(totals.replaced == 1_800)
      let tally = try store.tallies(
        surveyID: survey, ranges: [Date(timeIntervalSince1970: 0)..<Self.now], segment: nil)[0]
      #expect(tally == Tally(promoters: 200, passives: 0, detractors: 0))
    }
  }

  @Test(arguments: StoreKind.allCases)
  func theFirstFailureStopsTheWriterAndKeepsEarlierBatches(kind: StoreKind) throws {
    try withTestDatabaseURL(kind) { url in
      let store = try StoreFactory.open(url: url)
      defer { store.close() }
      let survey = try #require(try store.survey(slug: "default")).id
      let writer = ImportWriter(store: store, now: Self.now, capacity: 1)
      _ = try writer.submit([try Self.response(survey, id: "a", score: 9, day: 1)])
      // No survey 999: the foreign key refuses the batch.
      _ = try writer.submit([try Self.response(999, id: "b", score: 9, day: 1)])
      // With one place in the queue, this submit waits until the failed batch is done, so it
      // is refused; so is the end.
      #expect(throws: (any Error).self) {
        _ = try writer.submit([try Self.response(survey, id: "c", score: 9, day: 2)])
      }
      #expect(throws: (any Error).self) { _ = try writer.finish() }
      let stored = try store.tallies(
        surveyID: survey, ranges: [Date(timeIntervalSince1970: 0)..<Self.now], segment: nil)[0]
      #expect(stored.n == 1)
    }
  }
}
