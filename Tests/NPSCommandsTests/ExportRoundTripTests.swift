import Foundation
import NPSCore
import Storage
import StoreTesting
import Testing

/// `nps export responses` then `nps import responses`: this service's own export imports back
/// without duplicates, keeping ids, comments and segments, into its survey or another one.
@Suite struct ExportRoundTripTests {
  /// One response as stored, for comparing surveys.
  struct Stored: Hashable {
    var externalID: String?
    var score: Int
    var comment: String?
    var respondedAt: Double
    var properties: [String: String]
  }

  static func stored(_ slug: String, url: String) throws -> [Stored] {
    let store = try StoreFactory.open(url: url, migrate: false)
    defer { store.close() }
    let survey = try #require(try store.survey(slug: slug))
    let rows = try store.database.read { connection in
      try connection.query(
        "SELECT id FROM responses WHERE survey_id = \(survey.id) ORDER BY responded_at, id")
    }
    return try rows.map { row in
      let response = try #require(try store.response(id: try row.int("id")))
      return Stored(
        externalID: response.externalID, score: response.score.value, comment: response.comment,
        respondedAt: response.respondedAt.timeIntervalSince1970, properties: response.properties)
    }
  }

  static func n(_ slug: String, url: String) throws -> Int? {
    let report = CommandRun(["report", "--survey", slug, "--format", "json", "--database", url])
    return (try report.json()["overall"] as? [String: Any])?["n"] as? Int
  }

  @Test(arguments: StoreKind.allCases)
  func anExportImportsBackWithoutDuplicates(kind: StoreKind) throws {
    try withTestDatabaseURL(kind) { url in
      createSurveys(["rt", "copy"], database: url)
      let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("nps-export-roundtrip-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(at: folder) }
      let source = folder.appendingPathComponent("rt.csv")
      try "id,date,score,plan,comment\nA1,2026-10-01,9,Pro,=SUM(1)\nA2,2026-10-02,3,Free,-ok\n"
        .write(to: source, atomically: true, encoding: .utf8)
      let first = CommandRun([
        "import", "responses", source.path, "--survey", "rt", "--database", url,
      ])
      #expect(first.status == .success, "\(first.err)")

      // Answers from the survey pages have no external id; one was given at a millisecond.
      do {
        let store = try StoreFactory.open(url: url, migrate: false)
        defer { store.close() }
        let survey = try #require(try store.survey(slug: "rt"))
        for (score, comment, seconds) in [
          (10, "@home", 1_790_999_000.123), (7, "+1", 1_791_000_000),
        ] {
          _ = try store.recordResponse(
            NewResponse(
              surveyID: survey.id, score: Score(exactly: score)!, comment: comment,
              respondedAt: Date(timeIntervalSince1970: seconds), source: .link,
              properties: ["plan": "Pro"]),
            now: Date())
        }
      }
      let exported = folder.appendingPathComponent("ex.csv")
      let export = CommandRun([
        "export", "responses", "--survey", "rt", "--output", exported.path, "--database", url,
      ])
      #expect(export.status == .success, "\(export.err)")
      let text = try String(contentsOf: exported, encoding: .utf8)
      #expect(text.contains(",'=SUM(1),import,A1,Pro\r\n"), "\(text)")
      #expect(text.contains(",'@home,link,,Pro\r\n"), "\(text)")
      let original = try Self.stored("rt", url: url)
      #expect(original.map(\.externalID) == ["A1", "A2", nil, nil])
      #expect(original.map(\.comment) == ["=SUM(1)", "-ok", "@home", "+1"])

      // Into the same survey: A1 and A2 replaced by id, the others matched by response_id.
      let same = CommandRun([
        "import", "responses", exported.path, "--survey", "rt", "--database", url,
      ])
      #expect(same.status == .success, "\(same.err)")
      #expect(
        same.out.contains(
          "imported 2 responses into survey \"rt\" (0 new, 2 replaced by id, "
            + "2 already stored, matched by response_id)"), "\(same.out)")
      #expect(try Self.n("rt", url: url) == 4)
      #expect(try Self.stored("rt", url: url) == original)

      // Into a new survey: every response once, ids and comments as they were; importing the
      // file again replaces the rows that have an id.
      let copy = CommandRun([
        "import", "responses", exported.path, "--survey", "copy", "--database", url,
      ])
      #expect(copy.status == .success, "\(copy.err)")
      #expect(copy.out.contains("(4 new, 0 replaced by id)"), "\(copy.out)")
      #expect(try Self.n("copy", url: url) == 4)
      #expect(try Self.stored("copy", url: url) == original)
      let byPlan = CommandRun([
        "report", "--survey", "copy", "--segment", "plan", "--format", "csv", "--database", url,
      ])
      #expect(byPlan.out.contains("plan,Pro,3,2,1,0,66.666"), "\(byPlan.out)")

      // The copy's own export imports back into it without duplicates too.
      let copied = folder.appendingPathComponent("copy.csv")
      _ = CommandRun([
        "export", "responses", "--survey", "copy", "--output", copied.path, "--database", url,
      ])
      let again = CommandRun([
        "import", "responses", copied.path, "--survey", "copy", "--database", url,
      ])
      #expect(again.status == .success, "\(again.err)")
      #expect(try Self.n("copy", url: url) == 4)
      #expect(try Self.stored("copy", url: url) == original)
    }
  }

  /// Values that start with `'` themselves survive export and import unchanged: the export
  /// doubles the quote, the import takes one off.
  @Test func valuesStartingWithAQuoteSurviveTheRoundTrip() throws {
    try withTestDatabaseURL(.sqlite) { url in
      createSurveys(["q"], database: url)
      let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("nps-quote-rt-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(at: folder) }
      let source = folder.appendingPathComponent("in.csv")
      try """
      id,date,score,comment
      Q1,2026-11-02T10:00:00Z,9,'=x is what I typed
      Q2,2026-11-02T11:00:00Z,3,'tis slow
      Q3,2026-11-02T12:00:00Z,7,''
      Q4,2026-11-02T13:00:00Z,8,=SUM(1)

      """.write(to: source, atomically: true, encoding: .utf8)
      #expect(
        CommandRun(["import", "responses", source.path, "--survey", "q", "--database", url])
          .status == .success)
      let before = try Self.stored("q", url: url)
      #expect(before.map(\.comment) == ["'=x is what I typed", "'tis slow", "''", "=SUM(1)"])
      let exported = folder.appendingPathComponent("out.csv")
      #expect(
        CommandRun([
          "export", "responses", "--survey", "q", "--output", exported.path, "--database", url,
        ]).status == .success)
      let text = try String(contentsOf: exported, encoding: .utf8)
      #expect(text.contains(",''=x is what I typed,"), "\(text)")
      #expect(text.contains(",''',"), "\(text)")
      let again = CommandRun([
        "import", "responses", exported.path, "--survey", "q", "--database", url,
      ])
      #expect(again.out.contains("4 replaced by id"), "\(again.out)")
      #expect(try Self.stored("q", url: url) == before)
    }
  }

  /// Only the `'` the export puts before a formula character is removed: another leading `'`
  /// is the value's own, and a file that is not this service's export is read as written.
  @Test func onlyTheExportsQuoteIsRemoved() throws {
    try withTestDatabaseURL(.sqlite) { url in
      createSurveys(["q", "p"], database: url)
      let file = FileManager.default.temporaryDirectory
        .appendingPathComponent("nps-quote-\(UUID().uuidString).csv")
      defer { try? FileManager.default.removeItem(at: file) }
      try """
      response_id,responded_at,score,category,comment,source,external_id,property:team
      1,2026-10-01T00:00:00Z,9,promoter,'tis fine,import,'-7,'=A
      2,2026-10-02T00:00:00Z,8,passive,'+,import,B2,'x

      """.write(to: file, atomically: true, encoding: .utf8)
      let run = CommandRun(["import", "responses", file.path, "--survey", "q", "--database", url])
      #expect(run.status == .success, "\(run.err)")
      let rows = try ExportRoundTripTests.stored("q", url: url)
      #expect(rows.map(\.externalID) == ["-7", "B2"])
      #expect(rows.map(\.comment) == ["'tis fine", "+"])
      #expect(rows.map(\.properties) == [["team": "=A"], ["team": "'x"]])

      let other = FileManager.default.temporaryDirectory
        .appendingPathComponent("nps-quote-other-\(UUID().uuidString).csv")
      defer { try? FileManager.default.removeItem(at: other) }
      try "id,score,comment\nX1,9,'=kept\n".write(to: other, atomically: true, encoding: .utf8)
      let plain = CommandRun([
        "import", "responses", other.path, "--survey", "p", "--database", url,
      ])
      #expect(plain.status == .success, "\(plain.err)")
      #expect(try ExportRoundTripTests.stored("p", url: url).map(\.comment) == ["'=kept"])
    }
  }
}
