import Foundation
import NPSCore
import Testing

@testable import Storage

/// Throughput and latency measurements; run only when `NPS_STORAGE_BENCH` gives a row count,
/// e.g. `NPS_STORAGE_BENCH=1000000 swift test -c release --filter Benchmarks`.
@Suite(.serialized) struct Benchmarks {
  static let rows = Int(ProcessInfo.processInfo.environment["NPS_STORAGE_BENCH"] ?? "") ?? 0
  /// `NPS_STORAGE_BENCH_ORDER=random`: dates in random order (the worst case for rollups);
  /// otherwise in date order, as other tools export them.
  static let randomOrder =
    ProcessInfo.processInfo.environment["NPS_STORAGE_BENCH_ORDER"] == "random"

  @Test(.enabled(if: rows > 0), arguments: StoreKind.allCases)
  func importThenReport(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let survey = try #require(try store.survey(slug: "default"))
      var random = SeededGenerator(seed: 1)
      let start = instant("2023-01-01T00:00:00Z").millisecondsSince1970
      let span: Int64 = 365 * 86_400_000
      let agents = (0..<50).map { "agent-\($0)" }
      let batchSize = 10_000
      var imported = 0
      let clock = ContinuousClock()
      var importTime = Duration.zero
      do {
        while imported < Self.rows {
          let count = min(batchSize, Self.rows - imported)
          let batch = try (0..<count).map { offset in
            NewResponse(
              surveyID: survey.id, externalID: "r\(imported + offset)",
              score: try Score(Int.random(in: 0...10, using: &random)),
              comment: offset % 10 == 0 ? "delivery was slow but support was kind" : nil,
              respondedAt: Date(
                millisecondsSince1970: Self.randomOrder
                  ? start + Int64.random(in: 0..<span, using: &random)
                  : start + span * Int64(imported + offset) / Int64(Self.rows)),
              source: .import,
              properties: [
                "agent": agents.randomElement(using: &random)!,
                "plan": Bool.random(using: &random) ? "pro" : "free",
              ])
          }
          importTime += try clock.measure { _ = try store.importResponses(batch, now: testNow) }
          imported += count
        }
      }
      let optimizeTime = try clock.measure { try store.optimize() }
      print("bench \(kind): optimize (ANALYZE) took \(optimizeTime)")
      let seconds =
        Double(importTime.components.seconds)
        + Double(importTime.components.attoseconds) / 1e18
      print(
        "bench \(kind): imported \(Self.rows) rows in \(seconds) s = \(Int(Double(Self.rows) / seconds)) rows/s"
      )

      // Reports: a year by ISO week (UTC+1, whole hours) and by day in Asia/Kolkata, a segment
      // breakdown for a quarter, and one comment search.
      var calendar = Calendar(identifier: .iso8601)
      calendar.timeZone = TimeZone(identifier: "Europe/Paris")!
      var weeks: [Range<Date>] = []
      var day = calendar.date(from: DateComponents(year: 2023, month: 1, day: 2))!
      for _ in 0..<52 {
        let next = calendar.date(byAdding: .day, value: 7, to: day)!
        weeks.append(day..<next)
        day = next
      }
      calendar.timeZone = TimeZone(identifier: "Asia/Kolkata")!
      var kolkataDays: [Range<Date>] = []
      day = calendar.date(from: DateComponents(year: 2023, month: 3, day: 1))!
      for _ in 0..<30 {
        let next = calendar.date(byAdding: .day, value: 1, to: day)!
        kolkataDays.append(day..<next)
        day = next
      }
      let quarter = weeks[0].lowerBound..<weeks[12].upperBound
      let reports: [(String, () throws -> Void)] = [
        (
          "52 weeks Paris",
          { _ = try store.tallies(surveyID: survey.id, ranges: weeks, segment: nil) }
        ),
        (
          "30 days Kolkata",
          { _ = try store.tallies(surveyID: survey.id, ranges: kolkataDays, segment: nil) }
        ),
        (
          "52 weeks one agent",
          {
            _ = try store.tallies(
              surveyID: survey.id, ranges: weeks,
              segment: SegmentFilter(name: "agent", value: "agent-7"))
          }
        ),
        (
          "agents in a quarter",
          {
            _ = try store.segmentTallies(surveyID: survey.id, range: quarter, segmentName: "agent")
          }
        ),
        (
          "search 50 comments",
          {
            _ = try store.responses(
              ResponseQuery(surveyID: survey.id, search: "support", limit: 50))
          }
        ),
      ]
      for (name, report) in reports {
        var times: [Double] = []
        for _ in 0..<40 {
          let time = try clock.measure { try report() }
          times.append(
            Double(time.components.attoseconds) / 1e15 + Double(time.components.seconds) * 1000)
        }
        times.sort()
        print("bench \(kind): \(name): p50 \(times[19]) ms, p95 \(times[37]) ms")
      }
    }
  }
}
