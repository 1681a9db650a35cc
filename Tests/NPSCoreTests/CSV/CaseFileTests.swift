import Foundation
import Testing

@testable import NPSCore

/// One entry of `shared/cases/expected.json` (fields present only where the case states them).
struct ExpectedCase: Decodable {
  struct Expect: Decodable {
    let rows: Int?
    let n: Int?
    let promoters: Int?
    let passives: Int?
    let detractors: Int?
    let nps: Double?
    let comments: [String]?
    let firstHeader: String?
    let rejectedLines: [Int]?
    let blankLines: [Int]?
    let dates: [String]?
    let scoreColumn: String?

    enum CodingKeys: String, CodingKey {
      case rows, n, promoters, passives, detractors, nps, comments, dates
      case firstHeader = "first_header"
      case rejectedLines = "rejected_lines"
      case blankLines = "blank_lines"
      case scoreColumn = "score_column"
    }
  }

  let note: String
  let expect: Expect

  static func load() throws -> [String: ExpectedCase] {
    let data = Data(try SharedFiles.bytes("cases/expected.json"))
    return try JSONDecoder().decode([String: ExpectedCase].self, from: data)
  }
}

/// The options a case states in its note (`--score-column note`, `--date-format excel`).
func caseOptions(_ file: String, _ expected: ExpectedCase) throws -> ResponseReaderOptions {
  var options = ResponseReaderOptions()
  options.scoreColumn = expected.expect.scoreColumn
  if file == "excel-serial-dates.csv" { options.dateFormat = try DateFormat(option: "excel") }
  return options
}

@Suite("shared/cases: every file against expected.json")
struct CaseFileTests {
  static let responseCases = [
    "bom-semicolon-multiline.csv", "non-integer-scores.csv", "boundaries.csv", "empty.csv",
    "text-labels.csv", "utf16-tab.csv", "latin1.csv", "float-scores.csv",
    "excel-serial-dates.csv", "two-score-columns.csv",
  ]

  @Test("every case file in shared/cases has a test")
  func everyFileCovered() throws {
    let files = try FileManager.default.contentsOfDirectory(
      atPath: SharedFiles.root.appendingPathComponent("cases").path
    ).filter { $0.hasSuffix(".csv") }
    let covered = Set(Self.responseCases + ["contacts-identity.csv"])
    #expect(Set(files) == covered)
    #expect(Set(try ExpectedCase.load().keys) == covered)
  }

  @Test(arguments: responseCases, [nil, 1, 2, 3, 7, 64])
  func caseMatchesExpected(file: String, chunkSize: Int?) throws {
    let expected = try #require(try ExpectedCase.load()[file])
    let bytes = try SharedFiles.bytes("cases/\(file)")
    let result = try readResponses(
      bytes, options: try caseOptions(file, expected), chunkSize: chunkSize)
    let want = expected.expect
    let tally = result.summary.tally
    if let n = want.n { #expect(tally.n == n) }
    if let rows = want.rows { #expect(result.summary.rows == rows) }
    if let promoters = want.promoters { #expect(tally.promoters == promoters) }
    if let passives = want.passives { #expect(tally.passives == passives) }
    if let detractors = want.detractors { #expect(tally.detractors == detractors) }
    // `nps` is given for every case with responses, and is null (undefined) when n is 0.
    if want.nps != nil || want.n == 0 { #expect(nps2(tally) == want.nps) }
    #expect(result.summary.rejectedLines == (want.rejectedLines ?? []))
    if let blank = want.blankLines { #expect(result.summary.blankLines == blank) }
    if let comments = want.comments {
      #expect(result.records.compactMap(\.comment) == comments)
    }
    if let header = want.firstHeader { #expect(result.layout.firstHeader == header) }
    if let column = want.scoreColumn {
      #expect(result.layout.columns[result.layout.scoreColumn].name == column)
    }
    if let dates = want.dates {
      let written = result.records.map { record -> String? in
        guard let text = utcString(record.date) else { return nil }
        // Compare at the precision the case gives (a day, or seconds).
        return String(text.prefix(dates[0].count))
      }
      #expect(written == dates)
    }
    #expect(result.summary.undatedCount == 0)
  }

  @Test func bomDoesNotStickAndEncodingIsReported() throws {
    let result = try readResponses(try SharedFiles.bytes("cases/bom-semicolon-multiline.csv"))
    #expect(result.layout.columns.map(\.name) == ["email", "score", "comment", "responded_at"])
    #expect(result.encoding == .utf8)
    // 2024-02-01T10:00:00+01:00 is 09:00 UTC; the multi-line record starts on line 2.
    #expect(result.records.map(\.line) == [2, 4])
    #expect(
      result.records.map { utcString($0.date) } == ["2024-02-01T09:00:00", "2024-02-02T08:30:00"])
  }

  @Test func latin1IsReadAsWindows1252() throws {
    let result = try readResponses(
      try SharedFiles.bytes("cases/latin1.csv"), options: ResponseReaderOptions(scoreColumn: "note")
    )
    #expect(result.encoding == .windows1252)
    #expect(result.records.map { $0.property("nom") } == ["Céline", "René"])
  }

  @Test func latin1WithoutScoreColumnListsHeaders() throws {
    #expect {
      try readResponses(try SharedFiles.bytes("cases/latin1.csv"))
    } throws: { error in
      let error = error as? ResponseReadError
      return error?.code == .noScoreColumn
        && error?.candidates == ["nom", "note", "commentaire"]
        && error?.description
          == "no score column found among the headers \"nom\", \"note\", \"commentaire\";"
          + " name it with --score-column"
    }
  }

  @Test func utf16IsReported() throws {
    let result = try readResponses(try SharedFiles.bytes("cases/utf16-tab.csv"))
    #expect(result.encoding == .utf16LittleEndian)
    #expect(result.records.map { $0.property("name") } == ["Zoë", "Jürgen"])
  }

  /// The same file swapped to big-endian UTF-16 reads the same, in any chunking.
  @Test(arguments: [nil, 1, 3])
  func utf16BigEndianFile(chunkSize: Int?) throws {
    let little = try SharedFiles.bytes("cases/utf16-tab.csv")
    var big: [UInt8] = []
    for index in stride(from: 0, to: little.count - 1, by: 2) {
      big += [little[index + 1], little[index]]
    }
    let result = try readResponses(big, chunkSize: chunkSize)
    #expect(result.encoding == .utf16BigEndian)
    #expect(result.records.compactMap(\.comment) == ["grâce à vous", "zu langsam"])
    #expect(result.summary.tally == Tally(promoters: 1, passives: 0, detractors: 1))
  }

  @Test func rejectedReasons() throws {
    let result = try readResponses(try SharedFiles.bytes("cases/boundaries.csv"))
    #expect(
      result.summary.rejected.map(\.description) == [
        "line 4: -1 is outside 0-10", "line 5: 11 is outside 0-10",
        "line 7: \"abc\" is not a score",
      ])
    let floats = try readResponses(try SharedFiles.bytes("cases/non-integer-scores.csv"))
    #expect(floats.summary.rejected.map(\.reason) == [.notInteger("6.5"), .notInteger("8.5")])
  }

  @Test func twoScoreColumnsPicksRecommend() throws {
    let result = try readResponses(try SharedFiles.bytes("cases/two-score-columns.csv"))
    #expect(result.layout.scoreColumn == 1)
    #expect(result.layout.scoreColumnReason == "its header mentions recommending")
    #expect(result.layout.dateColumn == 0)
    #expect(result.layout.commentColumn == 3)
    #expect(result.layout.kind == .googleForms)
    #expect(result.records.map(\.comment) == ["great", "late, cold"])
  }

  @Test func excelSerialHalfDay() throws {
    let expected = try #require(try ExpectedCase.load()["excel-serial-dates.csv"])
    let result = try readResponses(
      try SharedFiles.bytes("cases/excel-serial-dates.csv"),
      options: try caseOptions("excel-serial-dates.csv", expected))
    // by_month from expected.json, grouping the dates read here by UTC month.
    var months: [String: Tally] = [:]
    for record in result.records {
      months[String(try #require(utcString(record.date)).prefix(7)), default: Tally()].add(
        try #require(record.score.score))
    }
    #expect(months.mapValues(\.nps) == ["2019-01": 100.0, "2019-02": -100.0, "2019-03": 0.0])
    // 43525.5 is noon on 2019-03-01.
    #expect(
      result.records.map { utcString($0.date) } == [
        "2019-01-01T00:00:00", "2019-02-01T00:00:00", "2019-03-01T12:00:00",
      ])
  }

  @Test func emptyHasUndefinedNPS() throws {
    let result = try readResponses(try SharedFiles.bytes("cases/empty.csv"))
    #expect(result.summary.tally.n == 0)
    #expect(result.summary.tally.nps == nil)
    #expect(result.records.isEmpty)
  }

  /// contacts-identity.csv is for ingest (one contact per normalised email); the reader's part
  /// is to hand over the raw fields, spaces and case as written, and to refuse it as responses.
  @Test func contactsIdentityFields() throws {
    let bytes = try SharedFiles.bytes("cases/contacts-identity.csv")
    let parsed = try parseCSV(bytes)
    #expect(
      parsed.rows == [
        ["email", "name", "ticket"], ["bob@example.com", "Bob", "T-1"],
        [" Bob@Example.COM ", "Bob", "T-2"], ["bob@example.org", "Bob O", "T-3"],
      ])
    let identities = Set(
      parsed.rows.dropFirst().map { $0[0].trimmingCharacters(in: .whitespaces).lowercased() })
    #expect(identities.count == 2)
    #expect(throws: ResponseReadError.self) { try readResponses(bytes) }
  }
}
