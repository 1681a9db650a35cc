import Foundation
import Testing

@testable import NPSCore

/// Small exports written the way each survey tool writes them.
@Suite("ResponseTableLayout: survey tool exports")
struct LayoutTests {
  static let surveyMonkey = #"""
    Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,Last Name,\#
    Custom Data 1,How likely is it that you would recommend this company to a friend or colleague?,\#
    What is the main reason for your score?,Which plan are you on?,
    ,,,,,,,,,Response,Open-Ended Response,Response,Other (please specify)
    11400000001,400000001,03/01/2024 09:12:10 AM,03/01/2024 09:14:02 AM,1.2.3.4,a@example.com,,,,\#
    10,Great support,Pro,
    11400000002,400000001,03/02/2024 10:00:00 AM,03/02/2024 01:01:00 PM,1.2.3.5,b@example.com,,,,\#
    6,Too slow,,Enterprise trial

    """#

  @Test(arguments: [nil, 1, 5])
  func surveyMonkeyTwoHeaderRows(chunkSize: Int?) throws {
    let result = try readResponses(Self.surveyMonkey, chunkSize: chunkSize)
    let layout = result.layout
    #expect(layout.kind == .surveyMonkey)
    #expect(layout.headerRows == 2)
    #expect(layout.scoreColumn == 9)
    #expect(layout.commentColumn == 10)
    #expect(layout.dateColumn == 3)
    #expect(layout.idColumn == 0)
    #expect(layout.columns[12].name == "Which plan are you on? - Other (please specify)")
    #expect(result.records.map(\.line) == [3, 4])
    #expect(result.records.map(\.id) == ["11400000001", "11400000002"])
    #expect(result.records.map(\.comment) == ["Great support", "Too slow"])
    #expect(
      result.records.map { utcString($0.date) } == ["2024-03-01T09:14:02", "2024-03-02T13:01:00"])
    #expect(result.summary.tally == Tally(promoters: 1, passives: 0, detractors: 1))
    #expect(
      result.records[1].property("Which plan are you on? - Other (please specify)")
        == "Enterprise trial")
  }

  static let qualtrics = #"""
    StartDate,EndDate,Status,IPAddress,Progress,Duration (in seconds),Finished,RecordedDate,ResponseId,Q1,Q1_NPS_GROUP,Q2,Q3
    Start Date,End Date,Response Type,IP Address,Progress,Duration (in seconds),Finished,Recorded Date,Response ID,\#
    How likely are you to recommend Acme to a friend or colleague?,\#
    How likely are you to recommend Acme to a friend or colleague? - Group,Why did you give that score?,Which team helped you?
    "{""ImportId"":""startDate"",""timeZone"":""America/Denver""}","{""ImportId"":""endDate"",""timeZone"":""America/Denver""}",\#
    "{""ImportId"":""status""}","{""ImportId"":""ipAddress""}","{""ImportId"":""progress""}","{""ImportId"":""duration""}",\#
    "{""ImportId"":""finished""}","{""ImportId"":""recordedDate"",""timeZone"":""America/Denver""}","{""ImportId"":""_recordId""}",\#
    "{""ImportId"":""QID1""}","{""ImportId"":""QID1_NPS_GROUP""}","{""ImportId"":""QID2_TEXT""}","{""ImportId"":""QID3""}"
    2024-03-01 08:00:00,2024-03-01 08:05:00,IP Address,1.2.3.4,100,300,True,2024-03-01 08:05:01,R_abc123,9,3,Fast and friendly,Support
    2024-03-02 09:00:00,2024-03-02 09:02:00,IP Address,1.2.3.5,100,120,True,2024-03-02 09:02:30,R_def456,3,1,"Slow, ""broken""",Sales
    """#

  @Test(arguments: [nil, 1, 7])
  func qualtricsThreeHeaderRowsAndGroupIgnored(chunkSize: Int?) throws {
    let result = try readResponses(Self.qualtrics, chunkSize: chunkSize)
    let layout = result.layout
    #expect(layout.kind == .qualtrics)
    #expect(layout.headerRows == 3)
    #expect(layout.columns[layout.scoreColumn].name == "Q1")
    #expect(layout.ignoredColumns == [10])
    #expect(!layout.propertyColumns.contains(10))
    #expect(layout.columns[layout.dateColumn!].name == "RecordedDate")
    #expect(layout.columns[layout.commentColumn!].name == "Q2")
    #expect(result.records.map(\.line) == [4, 5])
    #expect(result.records.map(\.id) == ["R_abc123", "R_def456"])
    #expect(result.records.map(\.comment) == ["Fast and friendly", "Slow, \"broken\""])
    // Recorded in America/Denver (MST, UTC-7), as the ImportId row says.
    #expect(
      result.records.map { utcString($0.date) } == ["2024-03-01T15:05:01", "2024-03-02T16:02:30"])
    #expect(result.summary.tally == Tally(promoters: 1, passives: 0, detractors: 1))
    #expect(result.records[0].property("Q3") == "Support")
  }

  @Test(arguments: [nil, 1])
  func olderQualtricsWithoutImportIds(chunkSize: Int?) throws {
    let lines = Self.qualtrics.split(separator: "\n", omittingEmptySubsequences: false)
    let text = ([lines[0], lines[1]] + lines[3...]).joined(separator: "\n")
    let result = try readResponses(text, chunkSize: chunkSize)
    #expect(result.layout.kind == .qualtrics)
    #expect(result.layout.headerRows == 2)
    #expect(result.layout.columns[result.layout.scoreColumn].name == "Q1")
    #expect(result.records.map(\.line) == [3, 4])
    // No ImportId row, no named zone: the default zone (UTC) applies.
    #expect(
      result.records.map { utcString($0.date) } == ["2024-03-01T08:05:01", "2024-03-02T09:02:30"])
  }

  @Test func qualtricsScoreColumnByQuestionText() throws {
    let result = try readResponses(
      Self.qualtrics,
      options: ResponseReaderOptions(
        scoreColumn: "How likely are you to recommend Acme to a friend or colleague?"))
    #expect(result.layout.scoreColumn == 9)
  }

  static let typeform = #"""
    #,How likely are you to recommend us to a friend?,What's the main reason for your score?,Start Date (UTC),Submit Date (UTC),Network ID
    abc123def,10,Love it,2024-03-01 10:00:00,2024-03-01 10:03:00,n1
    ghi456jkl,5,meh,2024-03-02 11:00:00,2024-03-02 11:04:30,n2
    """#

  @Test func typeform() throws {
    // The header says UTC, which wins over the default zone.
    let options = ResponseReaderOptions(timeZone: TimeZone(identifier: "Europe/Paris")!)
    let result = try readResponses(Self.typeform, options: options)
    #expect(result.layout.kind == .typeform)
    #expect(result.layout.idColumn == 0)
    #expect(result.layout.columns[result.layout.dateColumn!].name == "Submit Date (UTC)")
    #expect(result.records.map(\.id) == ["abc123def", "ghi456jkl"])
    #expect(result.records.map(\.comment) == ["Love it", "meh"])
    #expect(
      result.records.map { utcString($0.date) } == ["2024-03-01T10:03:00", "2024-03-02T11:04:30"])
  }

  static let delighted = #"""
    score,comment,created_at,person_email,plan
    9,Great,1709287200,a@example.com,Pro
    NA,,1709373600,b@example.com,Free
    """#

  @Test func delightedUnixSeconds() throws {
    let result = try readResponses(Self.delighted)
    #expect(result.layout.kind == .delighted)
    #expect(
      result.records.map { utcString($0.date) } == ["2024-03-01T10:00:00", "2024-03-02T10:00:00"])
    #expect(result.records.map(\.comment) == ["Great", nil])
    #expect(result.summary.blankLines == [3])
    #expect(result.summary.tally.n == 1)
    #expect(result.records.map { $0.property("plan") } == ["Pro", "Free"])
  }

  @Test func readDatesOff() throws {
    let result = try readResponses(Self.delighted, options: ResponseReaderOptions(readDates: false))
    #expect(result.records.allSatisfy { $0.date == nil })
  }

  @Test func npsNameBeatsOtherScores() throws {
    let result = try readResponses("id,csat_score,nps_score\n1,5,9\n")
    #expect(result.layout.scoreColumn == 2)
    #expect(result.summary.tally.promoters == 1)
  }

  @Test(arguments: [
    ("id,score,nps\n1,9,9\n", ["score", "nps"]),
    (
      "id,How would you rate support (0-10)?,How would you rate the product (0-10)?\n1,9,9\n",
      ["How would you rate support (0-10)?", "How would you rate the product (0-10)?"]
    ),
  ])
  func ambiguousScoreColumnsListCandidates(text: String, candidates: [String]) {
    #expect {
      try readResponses(text)
    } throws: { error in
      let error = error as? ResponseReadError
      return error?.code == .ambiguousScoreColumn && error?.candidates == candidates
    }
  }

  @Test func repeatedHeadersByNumber() throws {
    let text = "id,score,score\n1,9,3\n"
    #expect {
      try readResponses(text)
    } throws: { error in
      (error as? ResponseReadError)?.description
        == "several columns could hold the score: \"score\" (column 2), \"score\" (column 3);"
        + " choose one with --score-column (a header or a column number)"
    }
    let result = try readResponses(text, options: ResponseReaderOptions(scoreColumn: "3"))
    #expect(result.summary.tally.detractors == 1)
  }

  @Test func openQuestionIsNotAScore() throws {
    let result = try readResponses(
      "How likely are you to recommend us?,Why would you not recommend us?\n9,fine\n")
    #expect(result.layout.scoreColumn == 0)
    #expect(result.layout.commentColumn == 1)
  }

  @Test func selectors() throws {
    let text = "id,first score,second score\n1,9,3\n"
    #expect(
      try readResponses(text, options: ResponseReaderOptions(scoreColumn: "3")).layout.scoreColumn
        == 2)
    #expect(
      try readResponses(text, options: ResponseReaderOptions(scoreColumn: "FIRST")).layout
        .scoreColumn == 1)
    #expect {
      try readResponses(text, options: ResponseReaderOptions(scoreColumn: "score"))
    } throws: { error in
      (error as? ResponseReadError)?.description
        == "--score-column \"score\" matches several headers: \"first score\" (column 2),"
        + " \"second score\" (column 3); give the whole header or the column number"
    }
    #expect {
      try readResponses(text, options: ResponseReaderOptions(scoreColumn: "2", dateColumn: "when"))
    } throws: { error in
      (error as? ResponseReadError)?.code == .columnNotFound
    }
  }

  @Test func readAllCopiesRows() throws {
    let rows = try ResponseReader().readAll(Array(Self.delighted.utf8))
    #expect(rows.map(\.line) == [2, 3])
    #expect(rows.map(\.score) == [.score(Score(exactly: 9)!), .blank])
    #expect(rows[0].properties.map(\.name) == ["person_email", "plan"])
  }

  @Test func emptyInputHasNoHeader() {
    #expect(throws: ResponseReadError(.noHeader)) { try readResponses("") }
  }

  @Test func emptyRowsAreSkippedNotBlank() throws {
    let result = try readResponses("id,score\n1,9\n\n,\n2,\n")
    #expect(result.summary.emptyRows == 2)
    #expect(result.summary.blankLines == [5])
    #expect(result.summary.rows == 2)
  }

  /// This service's own export: `external_id` is the response id, `response_id` (the store's
  /// row id) is kept apart, and only `property:` columns are segments, even when there are none.
  @Test func ownExportUsesExternalIDAsTheResponseID() throws {
    let withSegments = try readResponses(
      "response_id,responded_at,score,category,comment,source,external_id,property:plan\n"
        + "1,2026-10-01T00:00:00Z,9,promoter,'=SUM(1),import,A1,Pro\n"
        + "2,2026-10-02T00:00:00Z,3,detractor,,email,,Free\n")
    let layout = withSegments.layout
    #expect(layout.idColumn == 6)
    #expect(layout.exportedResponseIDColumn == 0)
    #expect(layout.dateColumn == 1)
    #expect(layout.commentColumn == 4)
    #expect(layout.propertyColumns == [7])
    #expect(withSegments.records.map(\.id) == ["A1", nil])
    let bare = try readResponses(
      "response_id,responded_at,score,category,comment,source,external_id\n"
        + "7,2026-10-01T00:00:00Z,9,promoter,,link,\n")
    #expect(bare.layout.propertyColumns.isEmpty)
    #expect(bare.layout.exportedResponseIDColumn == 0)
    // --id-column decides: no export row ids then.
    let chosen = try readResponses(
      "response_id,score,external_id\n1,9,A1\n",
      options: ResponseReaderOptions(idColumn: "response_id"))
    #expect(chosen.layout.idColumn == 0)
    #expect(chosen.layout.exportedResponseIDColumn == nil)
    // Another tool's `Response ID` without `external_id` stays the id.
    let other = try readResponses("Response ID,score\nR1,9\n")
    #expect(other.layout.idColumn == 0)
    #expect(other.layout.exportedResponseIDColumn == nil)
  }

  @Test func dateNames() {
    #expect(ResponseTableLayout.isDateName("Submit Date (UTC)"))
    #expect(ResponseTableLayout.isDateName("date"))
    #expect(!ResponseTableLayout.isDateName("occurred_at"))
    #expect(!ResponseTableLayout.isDateName("score"))
  }

  @Test func undatedRowsAreCounted() throws {
    let result = try readResponses("score,date\n9,2024-01-01\n8,someday\n7,\n")
    #expect(result.summary.undatedCount == 1)
    #expect(result.summary.undatedLines == [3])
    #expect(result.summary.tally.n == 3)
  }
}
