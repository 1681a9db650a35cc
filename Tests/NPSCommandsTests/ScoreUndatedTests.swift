import Foundation
import Testing

/// `nps score --by`: a valid score whose date is missing or unreadable is left out of the
/// periods only; the overall figure counts every valid score, as it does without `--by`.
@Suite struct ScoreUndatedTests {
  func file(_ text: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("nps-undated-\(UUID().uuidString).csv")
    try text.write(to: url, atomically: false, encoding: .utf8)
    return url
  }

  func counts(_ figure: Any?) -> [Int] {
    let figure = figure as? [String: Any] ?? [:]
    return ["n", "promoters", "passives", "detractors"].map { figure[$0] as? Int ?? -1 }
  }

  @Test func undatedScoresCountInTheOverallFigure() throws {
    let url = try file("score,date\n9,2026-03-01\n10,garbage\n3,garbage\n7,\n")
    defer { try? FileManager.default.removeItem(at: url) }
    let plain = CommandRun(["score", url.path, "--format", "json"])
    #expect(plain.status == .success, "\(plain.err)")
    let plainOverall = try plain.json()["overall"] as? [String: Any]
    #expect(counts(plainOverall) == [4, 2, 1, 1])
    #expect(plainOverall?["nps"] as? Double == 25)

    let byMonth = CommandRun(["score", url.path, "--by", "month", "--format", "json"])
    #expect(byMonth.status == .success, "\(byMonth.err)")
    let document = try byMonth.json()
    #expect(counts(document["overall"]) == [4, 2, 1, 1])
    #expect((document["overall"] as? [String: Any])?["nps"] as? Double == 25)
    #expect(document["undated"] as? Int == 3)
    let periods = try #require(document["periods"] as? [[String: Any]])
    #expect(periods.map(counts) == [[1, 1, 0, 0]])
    #expect(
      byMonth.err.contains(
        "3 scored rows have no readable date: counted in the overall figure, left out of the "
          + "periods"))

    // The table's "all" line is the same overall figure.
    let table = CommandRun(["score", url.path, "--by", "month"])
    #expect(table.status == .success)
    let all = try #require(table.out.split(separator: "\n").last { $0.hasPrefix("all") })
    #expect(all.split(separator: " ").prefix(2) == ["all", "4"])
    #expect(all.contains("25.0"))
  }

  /// No readable date at all: no period, and the overall figure still counts every score.
  @Test func noReadableDateLeavesTheOverallFigureWhole() throws {
    let url = try file("Wert;Datum\n9;morgen\n10;gestern\n3;bald\n")
    defer { try? FileManager.default.removeItem(at: url) }
    let run = CommandRun([
      "score", url.path, "--by", "day", "--date-column", "Datum", "--score-column", "Wert",
      "--format", "json",
    ])
    #expect(run.status == .success, "\(run.err)")
    let document = try run.json()
    #expect(counts(document["overall"]) == [3, 2, 0, 1])
    #expect(document["undated"] as? Int == 3)
    #expect((document["periods"] as? [Any])?.isEmpty == true)
  }

  /// With `--segment` too, the overall figure counts the undated rows; the segments within
  /// periods do not.
  @Test func periodsAndSegmentsLeaveUndatedRowsOutOfTheRowsOnly() throws {
    let url = try file("score,date,team\n9,2026-03-01,a\n10,x,a\n3,x,b\n0,2026-03-02,b\n")
    defer { try? FileManager.default.removeItem(at: url) }
    let run = CommandRun([
      "score", url.path, "--by", "month", "--segment", "team", "--format", "json",
    ])
    #expect(run.status == .success, "\(run.err)")
    let document = try run.json()
    #expect(counts(document["overall"]) == [4, 2, 0, 2])
    let segments = try #require(document["segments"] as? [[String: Any]])
    #expect(segments.map { $0["n"] as? Int ?? 0 }.reduce(0, +) == 2)
  }

  /// A file read in two halves on two threads adds the undated scores of both.
  @Test func bothHalvesOfALargeFileCountTheirUndatedScores() throws {
    let rows = 700_000
    var text = "score,date,padding\n"
    text.reserveCapacity(rows * 60)
    var undated = 0
    var promoters = 0
    for index in 0..<rows {
      let score = index % 11
      if score >= 9 { promoters += 1 }
      if index % 7 == 3 {
        undated += 1
        text += "\(score),not a date,padding padding padding padding padding\n"
      } else {
        text += "\(score),2026-0\(1 + index % 3)-15,padding padding padding padding padding\n"
      }
    }
    let url = try file(text)
    defer { try? FileManager.default.removeItem(at: url) }
    let size = try #require(
      try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
    #expect(size > 32 << 20)
    let run = CommandRun(["score", url.path, "--by", "month", "--format", "json"])
    #expect(run.status == .success, "\(run.err)")
    let document = try run.json()
    let overall = try #require(document["overall"] as? [String: Any])
    #expect(overall["n"] as? Int == rows)
    #expect(overall["promoters"] as? Int == promoters)
    #expect(document["undated"] as? Int == undated)
    let periods = try #require(document["periods"] as? [[String: Any]])
    #expect(periods.map { $0["n"] as? Int ?? 0 }.reduce(0, +) == rows - undated)
    #expect(periods.count == 3)
  }
}
