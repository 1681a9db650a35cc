import Foundation
import Testing

@testable import NPSCore

/// The data sets of shared/data, against the totals in shared/data/README.md.
@Suite("shared/data: published totals")
struct DataSetTests {
  @Test func sudzillaStopsAndListsTheThreeRatings() throws {
    let bytes = try SharedFiles.bytes("data/sudzilla_google_forms.csv")
    #expect {
      try readResponses(bytes)
    } throws: { error in
      let error = error as? ResponseReadError
      return error?.code == .ambiguousScoreColumn
        && error?.candidates == [
          "On a scale of 0-10, how would you rate Sudzilla?",
          "On a scale of 0-10, how would you rate the opening keynote?",
          "On a scale of 0-10, how would you rate the closing keynote?",
        ]
    }
  }

  @Test(arguments: ["On a scale of 0-10, how would you rate Sudzilla?", "rate Sudzilla", "2"])
  func sudzillaWithScoreColumn(selector: String) throws {
    let bytes = try SharedFiles.bytes("data/sudzilla_google_forms.csv")
    let result = try readResponses(bytes, options: ResponseReaderOptions(scoreColumn: selector))
    let tally = result.summary.tally
    #expect(result.summary.rows == 39)
    #expect(tally.n == 39)
    #expect(tally == Tally(promoters: 8, passives: 9, detractors: 22))
    #expect((tally.nps! * 10).rounded() / 10 == -35.9)
    #expect(result.layout.kind == .googleForms)
    #expect(result.layout.columns[result.layout.commentColumn!].name == "...why?")
    #expect(result.records.filter { $0.comment == nil }.count == 2)
    #expect(result.records.first?.comment == "Bad service")
    // US M/D/YYYY H:MM:SS, 24-hour, read as UTC by default.
    #expect(utcString(result.records.first?.date) == "2019-11-01T08:51:12")
    #expect(utcString(result.records.last?.date) == "2019-11-04T04:33:11")
    #expect(result.summary.undatedCount == 0)
    #expect(result.records.allSatisfy { $0.date != nil })
    // Doubled quotes inside a quoted field are one quote.
    #expect(
      result.records.contains { $0.properties.contains { $0.value.contains("\"clean eating\"") } })
  }

  @Test(arguments: [nil, 4096, 1000, 7])
  func npsCaseTrend(chunkSize: Int?) throws {
    let bytes = try SharedFiles.bytes("data/nps_case_trend.csv")
    let reader = ResponseReader()
    var byMonth: [String: Tally] = [:]
    var segments: [String: Tally] = [:]
    var firstDate: Date?
    var count = 0
    let calendar = {
      var calendar = Calendar(identifier: .gregorian)
      calendar.timeZone = TimeZone(identifier: "UTC")!
      return calendar
    }()
    let body: (ResponseRow) throws -> Void = { row in
      count += 1
      let score = try #require(row.score.score)
      let date = try #require(row.date)
      if firstDate == nil { firstDate = date }
      let parts = calendar.dateComponents([.year, .month], from: date)
      byMonth[String(format: "%04d-%02d", parts.year!, parts.month!), default: Tally()].add(score)
      segments[row.string(at: 0), default: Tally()].add(score)
    }
    let size = chunkSize ?? bytes.count
    var start = 0
    while start < bytes.count {
      let end = min(bytes.count, start + size)
      try bytes[start..<end].withUnsafeBytes { try reader.feed($0, body) }
      start = end
    }
    try reader.finish(body)
    let tally = reader.summary.tally
    #expect(count == 20_268)
    #expect(tally == Tally(promoters: 9_404, passives: 3_661, detractors: 7_203))
    #expect(nps2(tally) == 10.86)
    let layout = try #require(reader.layout)
    #expect(layout.columns[layout.dateColumn!].name == "surveyed_at")
    #expect(layout.columns[layout.idColumn!].name == "id")
    #expect(
      layout.propertyColumns.map { layout.columns[$0].name } == [
        "is_admin", "created_at", "sessions", "messages",
      ])
    #expect(reader.dateFormat == .iso8601)
    #expect(utcString(firstDate) == "2017-02-01T00:46:09")
    #expect(nps2(segments["1"]!) == 38.43)
    #expect(segments["1"]!.n == 7_156)
    #expect(nps2(segments["0"]!) == -4.19)
    #expect(byMonth.count == 19)
    #expect(byMonth["2017-02"]!.n == 500)
    #expect(nps2(byMonth["2017-02"]!) == 13.0)
    #expect(nps2(byMonth["2017-03"]!) == 14.02)
    #expect(nps2(byMonth["2018-07"]!) == 8.98)
    #expect(byMonth["2018-08"]!.n == 1_920)
    #expect(nps2(byMonth["2018-08"]!) == 10.0)
  }

  @Test(arguments: [nil, 3, 1024])
  func miro(chunkSize: Int?) throws {
    let bytes = try SharedFiles.bytes("data/miro_nps.csv")
    let result = try readResponses(bytes, chunkSize: chunkSize)
    let tally = result.summary.tally
    #expect(result.summary.rows == 441)
    #expect(tally == Tally(promoters: 306, passives: 95, detractors: 40))
    #expect(nps2(tally) == 60.32)
    #expect(result.layout.columns[result.layout.scoreColumn].name == "NPS_Score")
    #expect(result.layout.columns[result.layout.commentColumn!].name == "text")
    #expect(result.records.first?.id == "3074457347487777543")
    #expect(
      result.records.first?.comment
        == "Wireframe and wireframe 'templates' are impossible to find/ come by and nothing is free.\n"
    )
    #expect(result.records.allSatisfy { $0.comment != nil })
    #expect(Set(result.records.compactMap(\.id)).count == 422)
    // 59 comments hold a line end; a record's line is where it starts.
    #expect(result.records.filter { $0.comment!.contains("\n") }.count == 59)
    #expect(result.records.map(\.line)[0...2] == [2, 4, 5])
  }

  @Test func miroSegmentsParse() throws {
    let parsed = try parseCSV(try SharedFiles.bytes("data/miro_segments.csv"), chunkSize: 5000)
    #expect(parsed.rows.count == 6_060)
    #expect(parsed.rows[0] == ["user_id", "segment"])
    let counts = Dictionary(grouping: parsed.rows.dropFirst(), by: { $0[1] }).mapValues(\.count)
    #expect(counts == ["Free": 3_595, "SelfServe": 1_973, "HighTouch": 491])
  }
}
