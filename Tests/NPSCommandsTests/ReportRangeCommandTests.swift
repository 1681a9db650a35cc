import Foundation
import StoreTesting
import Testing

/// Without --from and --to, `nps report` covers whole local days from the first response's
/// day through the last response's day, as `GET /api/v1/reports/nps` does (its test,
/// `ReportAPITests`, reads the same data with the first period starting 2017-02-01T00:00:00Z).
@Suite struct ReportRangeCommandTests {
  @Test(arguments: [
    // The first response is 2017-02-01T00:46:09Z, the last 2018-08-31T23:45:15Z.
    ("UTC", "2017-02-01T00:00:00Z", "2018-09-01T00:00:00Z", "2017-04-01T00:00:00Z"),
    // In Berlin the last one is on 1 September (01:45 local), which the range includes.
    ("Europe/Berlin", "2017-01-31T23:00:00Z", "2018-09-01T22:00:00Z", "2017-03-31T22:00:00Z"),
  ])
  func theDefaultRangeIsWholeLocalDaysAsInTheAPI(
    zone: String, from: String, to: String, secondQuarter: String
  ) throws {
    try withTestDatabaseURL(.sqlite) { url in
      createSurveys(["trend"], database: url)
      let imported = CommandRun([
        "import", "responses", TestPaths.data("nps_case_trend.csv"), "--survey", "trend",
        "--date-column", "surveyed_at", "--database", url,
      ])
      #expect(imported.status == .success, "\(imported.err)")
      let report = CommandRun([
        "report", "--survey", "trend", "--by", "quarter", "--tz", zone, "--format", "json",
        "--database", url,
      ])
      #expect(report.status == .success, "\(report.err)")
      let document = try report.json()
      #expect(document["from"] as? String == from)
      #expect(document["to"] as? String == to)
      let overall = try #require(document["overall"] as? [String: Any])
      #expect(overall["n"] as? Int == 20_268)
      let periods = try #require(document["periods"] as? [[String: Any]])
      #expect(periods.first?["start"] as? String == from)
      #expect(periods.first?["end"] as? String == secondQuarter)
      #expect(periods.dropFirst().first?["start"] as? String == secondQuarter)
      #expect(periods.last?["end"] as? String == to)
      // The periods hold every response once: the figures are the same as before.
      #expect(periods.reduce(0) { $0 + ($1["n"] as? Int ?? 0) } == 20_268)
      // Asking for those days gives the same document.
      let asked = CommandRun([
        "report", "--survey", "trend", "--by", "quarter", "--tz", zone, "--format", "json",
        "--from", "2017-02-01", "--to", zone == "UTC" ? "2018-08-31" : "2018-09-01",
        "--database", url,
      ])
      #expect(asked.out == report.out)
    }
  }
}
