import Foundation
import Testing

/// Every file of ../shared/cases against the values of its expected.json.
@Suite struct ScoreCasesTests {
  func figure(_ file: String, _ extra: [String] = []) throws -> (CommandRun, [String: Any]) {
    let run = CommandRun(["score", TestPaths.caseFile(file), "--format", "json"] + extra)
    #expect(run.status == .success, "\(run.err)")
    let document = try run.json()
    return (run, try #require(document["overall"] as? [String: Any]))
  }

  func counts(_ overall: [String: Any]) -> [Int] {
    ["n", "promoters", "passives", "detractors"].map { overall[$0] as? Int ?? -1 }
  }

  @Test func bomSemicolonMultiline() throws {
    let (_, overall) = try figure("bom-semicolon-multiline.csv")
    #expect(counts(overall) == [2, 1, 0, 1])
    #expect(overall["nps"] as? Double == 0)
  }

  @Test func nonIntegerScoresAreRejectedWithTheirLines() throws {
    let (run, overall) = try figure("non-integer-scores.csv")
    #expect(counts(overall) == [3, 2, 0, 1])
    #expect((overall["nps"] as? Double)?.rounded(to: 2) == 33.33)
    #expect(try run.json()["rejected_lines"] as? [Int] == [2, 3])
    #expect(run.err.contains("line 2: \"6.5\""))
    let strict = CommandRun(["score", TestPaths.caseFile("non-integer-scores.csv"), "--strict"])
    #expect(strict.status == .dataError)
  }

  @Test func boundaries() throws {
    let (run, overall) = try figure("boundaries.csv")
    #expect(counts(overall) == [3, 1, 1, 1])
    #expect(overall["nps"] as? Double == 0)
    let document = try run.json()
    #expect(document["rejected_lines"] as? [Int] == [4, 5, 7])
    #expect(document["blank"] as? Int == 1)
  }

  @Test func emptyFileHasNoNPS() throws {
    let (_, overall) = try figure("empty.csv")
    #expect(overall["n"] as? Int == 0)
    #expect(overall["nps"] is NSNull)
    let table = CommandRun(["score", TestPaths.caseFile("empty.csv")])
    #expect(table.out.contains("\u{2014}"))
    #expect(!table.out.contains("0.0"))
  }

  @Test func textLabels() throws {
    let (_, overall) = try figure("text-labels.csv")
    #expect(counts(overall) == [4, 2, 1, 1])
    #expect(overall["nps"] as? Double == 25)
  }

  @Test func utf16Tab() throws {
    let (_, overall) = try figure("utf16-tab.csv")
    #expect(counts(overall) == [2, 1, 0, 1])
  }

  @Test func latin1WithAScoreColumnOption() throws {
    let (run, overall) = try figure("latin1.csv", ["--score-column", "note"])
    #expect(counts(overall) == [2, 1, 0, 1])
    let document = try run.json()
    #expect(document["encoding"] as? String == "Windows-1252")
    #expect(document["score_column"] as? String == "note")
    #expect(run.err.contains("Windows-1252"))
  }

  @Test func floatScores() throws {
    let (_, overall) = try figure("float-scores.csv")
    #expect(counts(overall) == [4, 2, 1, 1])
    #expect(overall["nps"] as? Double == 25)
  }

  @Test func excelSerialDatesByMonth() throws {
    let (run, _) = try figure(
      "excel-serial-dates.csv",
      ["--by", "month", "--date-column", "start", "--date-format", "excel"])
    let periods = try #require(try run.json()["periods"] as? [[String: Any]])
    let byMonth = Dictionary(
      uniqueKeysWithValues: periods.map { ($0["period"] as! String, $0["nps"] as! Double) })
    #expect(byMonth == ["2019-01": 100, "2019-02": -100, "2019-03": 0])
  }

  @Test func twoScoreColumnsPicksTheRecommendQuestion() throws {
    let (run, overall) = try figure("two-score-columns.csv", ["--by", "day"])
    #expect(counts(overall) == [2, 1, 0, 1])
    let document = try run.json()
    #expect((document["score_column"] as? String)?.contains("recommend") == true)
    let periods = try #require(document["periods"] as? [[String: Any]])
    #expect(periods.map { $0["period"] as? String } == ["2019-11-01", "2019-11-02"])
  }
}
