import Foundation
import Testing

/// The public data sets of ../shared/data against the figures in its README.
@Suite struct ScoreDataSetsTests {
  @Test func sudzillaNeedsTheScoreColumnNamed() throws {
    let ambiguous = CommandRun(["score", TestPaths.data("sudzilla_google_forms.csv")])
    #expect(ambiguous.status == .dataError)
    #expect(ambiguous.err.contains("rate Sudzilla?"))
    #expect(ambiguous.err.contains("opening keynote"))
    #expect(ambiguous.err.contains("--score-column"))

    let run = CommandRun([
      "score", TestPaths.data("sudzilla_google_forms.csv"), "--score-column", "rate Sudzilla",
      "--format", "json",
    ])
    #expect(run.status == .success, "\(run.err)")
    let overall = try #require(try run.json()["overall"] as? [String: Any])
    #expect(overall["n"] as? Int == 39)
    #expect(overall["promoters"] as? Int == 8)
    #expect(overall["passives"] as? Int == 9)
    #expect(overall["detractors"] as? Int == 22)
    #expect((overall["nps"] as? Double)?.rounded(to: 1) == -35.9)
  }

  @Test func caseTrendOverallAndBySegment() throws {
    let run = CommandRun([
      "score", TestPaths.data("nps_case_trend.csv"), "--segment", "is_admin", "--format", "json",
    ])
    #expect(run.status == .success, "\(run.err)")
    let document = try run.json()
    let overall = try #require(document["overall"] as? [String: Any])
    #expect(overall["n"] as? Int == 20268)
    #expect(overall["promoters"] as? Int == 9404)
    #expect(overall["passives"] as? Int == 3661)
    #expect(overall["detractors"] as? Int == 7203)
    #expect((overall["nps"] as? Double)?.rounded(to: 2) == 10.86)
    let segments = try #require(document["segments"] as? [[String: Any]])
    var byValue: [String: (Int, Double)] = [:]
    for segment in segments {
      let value = (segment["segment"] as? [String: String])?["value"] ?? ""
      byValue[value] = (segment["n"] as? Int ?? 0, (segment["nps"] as? Double ?? 0).rounded(to: 2))
    }
    #expect(byValue["1"]?.0 == 7156 && byValue["1"]?.1 == 38.43)
    #expect(byValue["0"]?.0 == 13112 && byValue["0"]?.1 == -4.19)
    let admins = try #require(
      segments.first { ($0["segment"] as? [String: String])?["value"] == "1" })
    let versus = try #require(admins["vs_rest"] as? [String: Any])
    #expect((versus["p_value"] as? Double ?? 1) < 0.001)
  }

  @Test func caseTrendByMonthOfSurvey() throws {
    let run = CommandRun([
      "score", TestPaths.data("nps_case_trend.csv"), "--by", "month", "--date-column",
      "surveyed_at", "--format", "json",
    ])
    #expect(run.status == .success, "\(run.err)")
    let periods = try #require(try run.json()["periods"] as? [[String: Any]])
    let expected: [(String, Double)] = [
      ("2017-02", 13.0), ("2017-03", 14.02), ("2017-04", 12.95), ("2017-05", 11.92),
      ("2017-06", 12.99), ("2017-07", 11.97), ("2017-08", 11.99), ("2017-09", 10.0),
      ("2017-10", 11.04), ("2017-11", 10.98), ("2017-12", 12.02), ("2018-01", 10.97),
      ("2018-02", 10.99), ("2018-03", 10.02), ("2018-04", 10.97), ("2018-05", 9.97),
      ("2018-06", 9.97), ("2018-07", 8.98), ("2018-08", 10.0),
    ]
    #expect(periods.map { $0["period"] as? String ?? "" } == expected.map(\.0))
    #expect(periods.map { ($0["nps"] as? Double ?? .nan).rounded(to: 2) } == expected.map(\.1))
    #expect(periods.first?["n"] as? Int == 500)
    #expect(periods.last?["n"] as? Int == 1920)
  }

  @Test func caseTrendMixEffectShowsInSegmentsByMonth() throws {
    // Both segments rise while the overall score falls (README of the data set).
    let run = CommandRun([
      "score", TestPaths.data("nps_case_trend.csv"), "--by", "month", "--date-column",
      "created_at", "--segment", "is_admin", "--format", "json",
    ])
    let rows = try #require(try run.json()["segments"] as? [[String: Any]])
    func nps(_ month: String, _ value: String) -> Double? {
      rows.first {
        $0["period"] as? String == month
          && ($0["segment"] as? [String: String])?["value"] == value
      }?["nps"] as? Double
    }
    #expect(nps("2017-01", "1")?.rounded(to: 1) == 34.8)
    #expect(nps("2018-07", "1")?.rounded(to: 2) == 42.05)
    #expect(nps("2017-01", "0")?.rounded(to: 1) == -8.8)
    #expect(nps("2018-07", "0")?.rounded(to: 2) == -2.16)
  }

  @Test func miro() throws {
    let run = CommandRun(["score", TestPaths.data("miro_nps.csv"), "--format", "json"])
    let overall = try #require(try run.json()["overall"] as? [String: Any])
    #expect(overall["n"] as? Int == 441)
    #expect(overall["promoters"] as? Int == 306)
    #expect(overall["passives"] as? Int == 95)
    #expect(overall["detractors"] as? Int == 40)
    #expect((overall["nps"] as? Double)?.rounded(to: 2) == 60.32)
  }

  @Test func sampleShippedWithTheProject() throws {
    let run = CommandRun(["score", TestPaths.sample("responses.csv"), "--format", "json"])
    let overall = try #require(try run.json()["overall"] as? [String: Any])
    // Counted independently: awk -F, 'NR>1{if($2>=9)p++; else if($2>=7)a++; else d++}'.
    #expect(overall["n"] as? Int == 60)
    #expect(overall["promoters"] as? Int == 16)
    #expect(overall["passives"] as? Int == 21)
    #expect(overall["detractors"] as? Int == 23)
  }
}
