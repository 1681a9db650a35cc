import Foundation
import Storage
import StoreTesting
import Testing

/// `nps import responses` and `nps report` on both stores, with the shared data sets.
@Suite struct ImportReportTests {
  @Test(arguments: StoreKind.allCases)
  func caseTrendImportedThenReportedByMonthAndSegment(kind: StoreKind) throws {
    try withTestDatabaseURL(kind) { url in
      createSurveys(["trend"], database: url)
      let imported = CommandRun([
        "import", "responses", TestPaths.data("nps_case_trend.csv"), "--survey", "trend",
        "--date-column", "surveyed_at", "--database", url,
      ])
      #expect(imported.status == .success, "\(imported.err)")
      #expect(imported.out.contains("imported 20268 responses"))
      // Extra columns become segment properties, except the other timestamp (created_at).
      let store = try StoreFactory.open(url: url)
      let survey = try #require(try store.survey(slug: "trend"))
      #expect(
        try store.segmentNames(surveyID: survey.id).sorted() == [
          "is_admin", "messages", "sessions",
        ])
      store.close()

      let monthly = CommandRun([
        "report", "--survey", "trend", "--by", "month", "--format", "json", "--database", url,
      ])
      #expect(monthly.status == .success, "\(monthly.err)")
      let document = try monthly.json()
      #expect(document["time_zone"] as? String == "UTC")
      let overall = try #require(document["overall"] as? [String: Any])
      #expect(overall["n"] as? Int == 20268)
      #expect((overall["nps"] as? Double)?.rounded(to: 2) == 10.86)
      let periods = try #require(document["periods"] as? [[String: Any]])
      #expect(periods.count == 19)
      #expect(periods.first?["period"] as? String == "2017-02")
      #expect(periods.first?["n"] as? Int == 500)
      #expect((periods.first?["nps"] as? Double)?.rounded(to: 2) == 13.0)
      #expect(periods.last?["period"] as? String == "2018-08")
      #expect(periods.last?["n"] as? Int == 1920)
      #expect((periods[16]["nps"] as? Double)?.rounded(to: 2) == 9.97)  // 2018-06
      #expect((periods[17]["nps"] as? Double)?.rounded(to: 2) == 8.98)  // 2018-07

      let segments = CommandRun([
        "report", "--survey", "trend", "--segment", "is_admin", "--format", "json", "--database",
        url,
      ])
      let rows = try #require(try segments.json()["segments"] as? [[String: Any]])
      var byValue: [String: (Int, Double)] = [:]
      for row in rows {
        let value = (row["segment"] as? [String: String])?["value"] ?? ""
        byValue[value] = (row["n"] as? Int ?? 0, (row["nps"] as? Double ?? 0).rounded(to: 2))
      }
      #expect(byValue["1"]?.0 == 7156 && byValue["1"]?.1 == 38.43)
      #expect(byValue["0"]?.0 == 13112 && byValue["0"]?.1 == -4.19)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func reimportWithIdsReplacesInsteadOfDuplicating(kind: StoreKind) throws {
    try withTestDatabaseURL(kind) { url in
      createSurveys(["s"], database: url)
      let file = FileManager.default.temporaryDirectory
        .appendingPathComponent("nps-import-\(UUID().uuidString).csv")
      try
        "id,score,created_at,plan\na1,10,2024-01-05T10:00:00Z,pro\na2,3,2024-01-06T10:00:00Z,free\n"
        .write(to: file, atomically: true, encoding: .utf8)
      defer { try? FileManager.default.removeItem(at: file) }
      for _ in 0..<2 {
        let run = CommandRun([
          "import", "responses", file.path, "--survey", "s", "--database", url,
        ])
        #expect(run.status == .success, "\(run.err)")
      }
      let report = CommandRun(["report", "--survey", "s", "--format", "json", "--database", url])
      let overall = try #require(try report.json()["overall"] as? [String: Any])
      #expect(overall["n"] as? Int == 2)
      #expect(overall["nps"] as? Double == 0)
      let byPlan = CommandRun([
        "report", "--survey", "s", "--segment", "plan", "--format", "csv", "--database", url,
      ])
      #expect(byPlan.out.contains("plan,pro,1,1,0,0,100.0"))
    }
  }

  /// A large import refreshes the planner's statistics itself: SQLite's `sqlite_stat1`, and on
  /// PostgreSQL the tables' row estimates.
  @Test(arguments: StoreKind.allCases)
  func aLargeImportRefreshesTheStatistics(kind: StoreKind) throws {
    try withTestDatabaseURL(kind) { url in
      createSurveys(["s"], database: url)
      let file = FileManager.default.temporaryDirectory
        .appendingPathComponent("nps-import-\(UUID().uuidString).csv")
      var text = "score,created_at,plan\n"
      for index in 0..<10_000 {
        text += "\(index % 11),2024-0\(1 + index % 9)-1\(index % 10)T10:00:00Z,p\(index % 7)\n"
      }
      try text.write(to: file, atomically: true, encoding: .utf8)
      defer { try? FileManager.default.removeItem(at: file) }
      let run = CommandRun(["import", "responses", file.path, "--survey", "s", "--database", url])
      #expect(run.status == .success, "\(run.err)")
      let store = try StoreFactory.open(url: url, migrate: false)
      defer { store.close() }
      let refreshed = try store.database.read { connection -> Int64 in
        switch kind {
        case .sqlite:
          try connection.queryFirst(
            "SELECT count(*) AS n FROM sqlite_stat1 WHERE tbl IN ('responses', 'rollups')")?
            .int("n") ?? 0
        case .postgres:
          // Never analysed: -1 (autovacuum's first pass comes a minute later at the soonest).
          try connection.queryFirst(
            "SELECT reltuples::bigint AS n FROM pg_class WHERE oid = 'rollups'::regclass")?
            .int("n") ?? 0
        }
      }
      #expect(refreshed > 0)
    }
  }

  /// `--to` is exclusive and may come before the first response: nothing is counted then (the
  /// range used to start at the first response and hold it).
  @Test(arguments: StoreKind.allCases)
  func aRangeBeforeTheFirstResponseCountsNothing(kind: StoreKind) throws {
    try withTestDatabaseURL(kind) { url in
      createSurveys(["s"], database: url)
      let file = FileManager.default.temporaryDirectory
        .appendingPathComponent("nps-import-\(UUID().uuidString).csv")
      try "score,created_at\n10,2024-01-05T10:00:00Z\n3,2024-02-06T10:00:00Z\n"
        .write(to: file, atomically: true, encoding: .utf8)
      defer { try? FileManager.default.removeItem(at: file) }
      let run = CommandRun(["import", "responses", file.path, "--survey", "s", "--database", url])
      #expect(run.status == .success, "\(run.err)")
      func n(_ arguments: [String]) throws -> Int? {
        let report = CommandRun(
          ["report", "--survey", "s", "--format", "json", "--database", url] + arguments)
        #expect(report.status == .success, "\(report.err)")
        return (try report.json()["overall"] as? [String: Any])?["n"] as? Int
      }
      #expect(try n(["--to", "2000-01-01"]) == 0)
      #expect(try n(["--to", "2024-01-05T10:00:00Z"]) == 0)
      #expect(try n(["--to", "2024-01-05T10:00:01Z"]) == 1)
      #expect(try n(["--from", "2030-01-01"]) == 0)
      #expect(try n([]) == 2)
      let monthly = CommandRun([
        "report", "--survey", "s", "--by", "month", "--to", "2023-12-01", "--format", "csv",
        "--database", url,
      ])
      #expect(monthly.status == .success, "\(monthly.err)")
      #expect(!monthly.out.contains("2024-01"))
    }
  }

  /// A date that reads but cannot be when a response was given (before 1970, more than a day
  /// ahead) rejects its row, listed by line; `--strict` imports nothing.
  @Test func datesBefore1970OrInTheFutureAreRejected() throws {
    try withTestDatabaseURL(.sqlite) { url in
      createSurveys(["f"], database: url)
      let file = FileManager.default.temporaryDirectory
        .appendingPathComponent("nps-import-\(UUID().uuidString).csv")
      try
        "id,score,date\nb1,10,2024-01-05\nb2,3,9999-12-31T23:59:59Z\nb3,8,1969-12-31\nb4,6,2024-02-01\n"
        .write(to: file, atomically: true, encoding: .utf8)
      defer { try? FileManager.default.removeItem(at: file) }
      let strict = CommandRun([
        "import", "responses", file.path, "--survey", "f", "--strict", "--database", url,
      ])
      #expect(strict.status == .dataError)
      #expect(strict.err.contains("nothing imported because 2 rows were rejected"), "\(strict.err)")
      let run = CommandRun(["import", "responses", file.path, "--survey", "f", "--database", url])
      #expect(run.status == .success, "\(run.err)")
      #expect(run.out.contains("imported 2 responses"), "\(run.out)")
      #expect(
        run.err.contains(
          "2 rows rejected (date before 1970-01-01 or more than 1 day in the future):\n"
            + "  line 3: \"9999-12-31T23:59:59Z\"\n  line 4: \"1969-12-31\""),
        "\(run.err)")
      let report = CommandRun(["report", "--survey", "f", "--format", "json", "--database", url])
      let json = try JSONSerialization.jsonObject(with: Data(report.out.utf8)) as? [String: Any]
      #expect((json?["overall"] as? [String: Any])?["n"] as? Int == 2, "\(report.out)")
    }
  }

  /// A date cell that is not a date rejects its row (listed by line; `--strict` imports
  /// nothing); a blank one dates the row now, and re-importing it keeps the stored date.
  @Test func unreadableDatesAreRejectedAndBlankOnesKeepTheStoredDate() throws {
    try withTestDatabaseURL(.sqlite) { url in
      createSurveys(["s"], database: url)
      let file = FileManager.default.temporaryDirectory
        .appendingPathComponent("nps-import-\(UUID().uuidString).csv")
      try "id,score,created_at\na1,10,2024-01-05T10:00:00Z\na2,3,2023-13-45\na3,8,\na4,9,NA\n"
        .write(to: file, atomically: true, encoding: .utf8)
      defer { try? FileManager.default.removeItem(at: file) }
      let strict = CommandRun([
        "import", "responses", file.path, "--survey", "s", "--strict", "--database", url,
      ])
      #expect(strict.status == .dataError)
      #expect(strict.err.contains("line 3: \"2023-13-45\""), "\(strict.err)")
      #expect(strict.err.contains("nothing imported because 1 rows were rejected"))

      let first = CommandRun(["import", "responses", file.path, "--survey", "s", "--database", url])
      #expect(first.status == .success, "\(first.err)")
      #expect(first.out.contains("imported 3 responses"), "\(first.out)")
      #expect(
        first.err.contains(
          "1 rows rejected (not a date; expected ISO 8601 (2026-03-01, 2026-03-01T10:15:00Z), "
            + "US M/D/YYYY, Unix seconds (or milliseconds) or Excel serial days (46000)):"),
        "\(first.err)")
      #expect(first.err.contains("line 3: \"2023-13-45\""))
      #expect(first.err.contains("2 responses had no date and are dated now"))
      func dates() throws -> [String: Double] {
        let store = try StoreFactory.open(url: url, migrate: false)
        defer { store.close() }
        let rows = try store.database.read { connection in
          try connection.query("SELECT external_id, responded_at FROM responses")
        }
        var dates: [String: Double] = [:]
        for row in rows {
          dates[try row.string("external_id")] = try row.date("responded_at").timeIntervalSince1970
        }
        return dates
      }
      let before = try dates()
      #expect(before.keys.sorted() == ["a1", "a3", "a4"])
      #expect(before["a1"] == 1_704_448_800)
      usleep(20_000)
      let again = CommandRun(["import", "responses", file.path, "--survey", "s", "--database", url])
      #expect(again.status == .success, "\(again.err)")
      #expect(again.out.contains("3 replaced by id"), "\(again.out)")
      #expect(try dates() == before)
    }
  }

  /// An export imported again keeps its segments by name (`property:plan` is `plan`; category,
  /// source and external_id are not segments); unnamed and repeated columns are named.
  @Test func anExportImportsBackWithItsSegments() throws {
    try withTestDatabaseURL(.sqlite) { url in
      createSurveys(["s", "copy"], database: url)
      let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("nps-roundtrip-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(at: folder) }
      let source = folder.appendingPathComponent("in.csv")
      try
        "id,score,created_at,plan,plan,,Plan\na1,10,2024-01-05T10:00:00Z,A,B,C,D\na2,3,2024-01-06T10:00:00Z,A,E,F,G\n"
        .write(to: source, atomically: true, encoding: .utf8)
      let first = CommandRun([
        "import", "responses", source.path, "--survey", "s", "--database", url,
      ])
      #expect(first.status == .success, "\(first.err)")
      #expect(first.err.contains("columns 4 and 5 are both named \"plan\""), "\(first.err)")
      #expect(first.err.contains("column 6 has no name"), "\(first.err)")
      let exported = folder.appendingPathComponent("out.csv")
      let export = CommandRun([
        "export", "responses", "--survey", "s", "--output", exported.path, "--database", url,
      ])
      #expect(export.status == .success, "\(export.err)")
      let again = CommandRun([
        "import", "responses", exported.path, "--survey", "copy", "--database", url,
      ])
      #expect(again.status == .success, "\(again.err)")
      for slug in ["s", "copy"] {
        let byPlan = CommandRun([
          "report", "--survey", slug, "--segment", "plan", "--format", "csv", "--database", url,
        ])
        #expect(byPlan.out.contains("plan,B,1,1,0,0,100.0"), "\(slug): \(byPlan.out)")
        #expect(byPlan.out.contains("plan,E,1,0,0,1,-100.0"), "\(slug): \(byPlan.out)")
        let byUpper = CommandRun([
          "report", "--survey", slug, "--segment", "Plan", "--format", "csv", "--database", url,
        ])
        #expect(byUpper.out.contains("Plan,D,1,1,0,0,100.0"), "\(slug): \(byUpper.out)")
      }
      for name in ["category", "source", "external_id", "property:plan"] {
        let report = CommandRun([
          "report", "--survey", "copy", "--segment", name, "--database", url,
        ])
        #expect(report.status != .success, "\(name): \(report.out)")
      }
    }
  }

  /// Slashed dates read month first are named, with the option for day first.
  @Test func monthFirstDatesAreNamed() throws {
    try withTestDatabaseURL(.sqlite) { url in
      createSurveys(["u", "d"], database: url)
      let file = FileManager.default.temporaryDirectory
        .appendingPathComponent("nps-import-\(UUID().uuidString).csv")
      try "score,date\n10,01/02/2023\n3,13/02/2023\n".write(
        to: file, atomically: true, encoding: .utf8)
      defer { try? FileManager.default.removeItem(at: file) }
      let us = CommandRun(["import", "responses", file.path, "--survey", "u", "--database", url])
      #expect(us.status == .success, "\(us.err)")
      #expect(us.err.contains("read month first (US); for day first, --date-format dd/MM/yyyy"))
      #expect(us.err.contains("line 3: \"13/02/2023\""))
      let dayFirst = CommandRun([
        "import", "responses", file.path, "--survey", "d", "--date-format", "dd/MM/yyyy",
        "--database", url,
      ])
      #expect(dayFirst.status == .success, "\(dayFirst.err)")
      #expect(!dayFirst.err.contains("month first"))
      let report = CommandRun([
        "report", "--survey", "d", "--by", "month", "--format", "csv", "--database", url,
      ])
      let february = report.out.split(separator: "\n").first { $0.hasPrefix("2023-02,") }
      #expect(february?.contains(",2,1,0,1,0.0,") == true, "\(report.out)")
    }
  }

  @Test func strictImportOfABadFileChangesNothing() throws {
    try withTestDatabaseURL(.sqlite) { url in
      createSurveys(["b"], database: url)
      let run = CommandRun([
        "import", "responses", TestPaths.caseFile("boundaries.csv"), "--survey", "b", "--strict",
        "--database", url,
      ])
      #expect(run.status == .dataError)
      #expect(run.err.contains("nothing imported"))
      let report = CommandRun(["report", "--survey", "b", "--format", "json", "--database", url])
      #expect(report.status == .success, "\(report.err)")
      let reportOverall = try report.json()["overall"] as? [String: Any]
      #expect(reportOverall?["n"] as? Int == 0)
    }
  }

  /// An import into a survey that does not exist is refused before the file is read, naming
  /// the surveys there are, and creates nothing (it used to create the survey, so a mistyped
  /// slug became a new survey).
  @Test func anUnknownSurveyIsRefusedAndNothingIsCreated() throws {
    try withTestDatabaseURL(.sqlite) { url in
      for file in [TestPaths.sample("responses.csv"), "/nonexistent/file.csv"] {
        let run = CommandRun([
          "import", "responses", file, "--survey", "nosuch", "--database", url,
        ])
        #expect(run.status == .dataError)
        #expect(
          run.err
            == "nps import: no survey \"nosuch\" (surveys: default; create it with nps survey "
            + "create nosuch)\n")
        #expect(run.out.isEmpty)
      }
      let store = try StoreFactory.open(url: url)
      defer { store.close() }
      #expect(try store.surveys().map(\.slug) == ["default"])
      let report = CommandRun([
        "report", "--survey", "default", "--format", "json", "--database", url,
      ])
      let reportOverall = try report.json()["overall"] as? [String: Any]
      #expect(reportOverall?["n"] as? Int == 0)
    }
  }

  /// A file that cannot be imported is refused with its reason (a missing file, no score
  /// column, several candidate score columns) and stores nothing.
  @Test func aFileThatCannotBeImportedStoresNothing() throws {
    try withTestDatabaseURL(.sqlite) { url in
      createSurveys(["one", "four", "five"], database: url)
      let missing = CommandRun([
        "import", "responses", "/nonexistent/file.csv", "--survey", "one", "--database", url,
      ])
      #expect(missing.status == .noInput)
      let noScore = CommandRun([
        "import", "responses", TestPaths.caseFile("contacts-identity.csv"), "--survey", "one",
        "--database", url,
      ])
      #expect(noScore.status == .dataError)
      let ambiguous = CommandRun([
        "import", "responses", TestPaths.data("sudzilla_google_forms.csv"), "--survey", "one",
        "--database", url,
      ])
      #expect(ambiguous.status == .dataError)
      let report = CommandRun(["report", "--survey", "one", "--format", "json", "--database", url])
      let reportOverall = try report.json()["overall"] as? [String: Any]
      #expect(reportOverall?["n"] as? Int == 0)

      // A small file: no progress line.
      let small = CommandRun([
        "import", "responses", TestPaths.sample("responses.csv"), "--survey", "four",
        "--database", url,
      ])
      #expect(small.status == .success, "\(small.err)")
      #expect(!small.err.contains("created survey"))
      #expect(!small.err.contains("read "))
      #expect(!small.err.contains("not UTF-8"))
      // A Windows-1252 file is read as such, and says so.
      let latin = CommandRun([
        "import", "responses", TestPaths.caseFile("latin1.csv"), "--survey", "five",
        "--score-column", "note", "--database", url,
      ])
      #expect(latin.status == .success, "\(latin.err)")
      #expect(latin.err.contains("read as Windows-1252 (the file is not UTF-8)"), "\(latin.err)")
    }
  }

  /// By period and segment, the JSON nests as the report API does: the survey per period at the
  /// top, each segment value over the range with its own periods.
  @Test func periodsAndSegmentsNestAsInTheReportAPI() throws {
    try withTestDatabaseURL(.sqlite) { url in
      createSurveys(["trend"], database: url)
      _ = CommandRun([
        "import", "responses", TestPaths.data("nps_case_trend.csv"), "--survey", "trend",
        "--date-column", "surveyed_at", "--database", url,
      ])
      let run = CommandRun([
        "report", "--survey", "trend", "--by", "quarter", "--segment", "is_admin", "--format",
        "json", "--database", url,
      ])
      #expect(run.status == .success, "\(run.err)")
      let document = try run.json()
      let periods = try #require(document["periods"] as? [[String: Any]])
      #expect(periods.count == 7)
      #expect(periods.compactMap { $0["n"] as? Int }.reduce(0, +) == 20_268)
      let segments = try #require(document["segments"] as? [[String: Any]])
      #expect(segments.count == 2)
      #expect(segments.compactMap { $0["n"] as? Int }.reduce(0, +) == 20_268)
      let admins = try #require(
        segments.first { ($0["segment"] as? [String: Any])?["value"] as? String == "1" })
      #expect((admins["nps"] as? Double)?.rounded(to: 2) == 38.43)
      #expect(admins["vs_rest"] != nil)
      let adminPeriods = try #require(admins["periods"] as? [[String: Any]])
      #expect(adminPeriods.compactMap { $0["n"] as? Int }.reduce(0, +) == admins["n"] as? Int)
      #expect(adminPeriods.allSatisfy { $0["period"] is String })
    }
  }

  /// miro_nps.csv has `user_id`, not a response id: 15 rows repeat and 422 people answered
  /// 441 times. Every answer is kept (NPS 60.32, n 441, as the data README gives) unless
  /// `--id-column user_id` says a user's rows replace each other.
  @Test func aPersonIDIsNotAResponseID() throws {
    try withTestDatabaseURL(.sqlite) { url in
      createSurveys(["miro", "by-user"], database: url)
      let all = CommandRun([
        "import", "responses", TestPaths.data("miro_nps.csv"), "--survey", "miro",
        "--database", url,
      ])
      #expect(all.status == .success, "\(all.err)")
      #expect(all.out.contains("imported 441 responses into survey \"miro\" (441 new, 0 replaced"))
      #expect(all.err.contains("user_id names a person, not a response"))
      let report = CommandRun(["report", "--survey", "miro", "--format", "json", "--database", url])
      let overall = try #require(try report.json()["overall"] as? [String: Any])
      #expect(overall["n"] as? Int == 441)
      #expect((overall["nps"] as? Double)?.rounded(to: 2) == 60.32)

      let byUser = CommandRun([
        "import", "responses", TestPaths.data("miro_nps.csv"), "--survey", "by-user",
        "--id-column", "user_id", "--database", url,
      ])
      #expect(byUser.out.contains("(422 new, 19 replaced by id)"))
      #expect(!byUser.err.contains("names a person"))
    }
  }

  @Test func badDatabaseURLsGiveOneClearLine() throws {
    let malformed = CommandRun(["migrate", "--database", "postgres://"])
    #expect(malformed.status == .config)
    #expect(malformed.err.split(separator: "\n").count == 1)
    let unreachable = CommandRun(["migrate", "--database", "postgres://nobody@127.0.0.1:1/none"])
    #expect(unreachable.status == .unavailable)
    #expect(unreachable.err.split(separator: "\n").count == 1)
    let unwritable = CommandRun(["migrate", "--database", "sqlite:///proc/nps/test.db"])
    #expect(unwritable.status == .unavailable)
    #expect(unwritable.err.split(separator: "\n").count == 1)
  }

  @Test func reportInAReportingTimeZone() throws {
    try withTestDatabaseURL(.sqlite) { url in
      createSurveys(["tz"], database: url)
      // 2024-03-10T04:30Z is still March 9 in New York; 05:30Z is March 10.
      let file = FileManager.default.temporaryDirectory
        .appendingPathComponent("nps-tz-\(UUID().uuidString).csv")
      try "score,created_at\n10,2024-03-10T04:30:00Z\n0,2024-03-10T05:30:00Z\n"
        .write(to: file, atomically: true, encoding: .utf8)
      defer { try? FileManager.default.removeItem(at: file) }
      _ = CommandRun(["import", "responses", file.path, "--survey", "tz", "--database", url])
      let run = CommandRun([
        "report", "--survey", "tz", "--by", "day", "--tz", "America/New_York", "--from",
        "2024-03-09", "--to", "2024-03-10", "--format", "json", "--database", url,
      ])
      let periods = try #require(try run.json()["periods"] as? [[String: Any]])
      #expect(periods.map { $0["period"] as? String } == ["2024-03-09", "2024-03-10"])
      #expect(periods.map { $0["nps"] as? Double } == [100, -100])
      #expect(periods[0]["start"] as? String == "2024-03-09T05:00:00Z")
      #expect(periods[1]["end"] as? String == "2024-03-11T04:00:00Z")
    }
  }
}
