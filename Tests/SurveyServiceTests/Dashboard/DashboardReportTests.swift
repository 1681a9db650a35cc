import Foundation
import HTTPServer
import NPSCore
import Storage
import StoreTesting
import Testing

@testable import SurveyService

/// The pages against figures computed independently with python3 from the CSV files (the
/// values of shared/data/README.md), and the escaping of everything people typed.
@Suite("Dashboard reports", .serialized) struct DashboardReportTests {
  /// Cells of the table with the given id, row by row, tags removed and entities decoded.
  static func table(_ id: String, in html: String) -> [[String]] {
    guard let start = html.range(of: "id=\"\(id)\"") else { return [] }
    let rest = html[start.upperBound...]
    let end = rest.range(of: "</table>")?.lowerBound ?? rest.endIndex
    return rest[..<end].components(separatedBy: "<tr").dropFirst().map { row in
      row.components(separatedBy: "<td").dropFirst().map { cell in
        let inner = cell.drop { $0 != ">" }.dropFirst()
        let text = inner.replacingOccurrences(
          of: "<[^>]*>", with: "", options: .regularExpression)
        return text.replacingOccurrences(of: "&lt;", with: "<")
          .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
          .trimmingCharacters(in: .whitespacesAndNewlines)
      }
    }.filter { !$0.isEmpty }
  }

  @Test(arguments: StoreKind.allCases) func overviewTrendAndSegmentsShowTheREADMEFigures(
    kind: StoreKind
  ) throws {
    try DashboardHarness.with(kind) { harness in
      _ = try harness.importTrend()
      try harness.addUser("ana@example.com", role: .viewer)
      let cookie = try harness.login("ana@example.com")
      let overview = try harness.get("/dashboard", cookie: cookie).text
      // Overall 10.86 (python3: 10.8595), n 20,268, adjusted-Wald 95% CI [9.62, 12.09].
      #expect(overview.contains("data-nps=\"10.86\">10.9</div>"))
      #expect(overview.contains("id=\"n\">20,268<"))
      // A half rounds away from zero, as in `nps report` (python3: 13 Feb 2017 is -6.25).
      let tie = try harness.get(
        "/dashboard?from=2017-02-13&to=2017-02-13&tz=UTC", cookie: cookie
      ).text
      #expect(tie.contains("data-nps=\"-6.25\">-6.3</div>"), "\(tie)")
      #expect(overview.contains("95% CI [9.6, 12.1]"))
      #expect(overview.contains("Promoters: 9,404"))
      #expect(overview.contains("Detractors: 7,203"))
      #expect(!overview.contains("class=\"warn\" role=\"alert\""))
      // The monthly trend by response date (surveyed_at).
      let trend = Self.table("trend", in: overview)
      #expect(trend.count == 19)
      #expect(trend.first?.prefix(3) == ["2017-02", "500", "13.0"])
      #expect(trend.first(where: { $0[0] == "2017-03" })?[2] == "14.0")
      #expect(trend.first(where: { $0[0] == "2018-07" })?[2] == "9.0")
      #expect(trend.last?.prefix(3) == ["2018-08", "1,920", "10.0"])
      #expect(overview.contains("<polygon class=\"band\""))

      let segments = try harness.get("/dashboard/segments?property=is_admin", cookie: cookie).text
      let rows = Self.table("segments", in: segments)
      // Admins 38.43 (n 7,156), others -4.19 (n 13,112); difference from the rest ±42.6.
      let admins = try #require(rows.first { $0.first == "1" })
      let others = try #require(rows.first { $0.first == "0" })
      #expect(admins[1] == "7,156")
      #expect(admins[3] == "38.4")
      #expect(admins[5] == "+42.6")
      #expect(admins[7] == "< 0.001")
      #expect(admins[8] == "significant")
      #expect(others[1] == "13,112")
      #expect(others[3] == "-4.2")
      #expect(others[5] == "-42.6")
      // The trap: overall falls from 13.0 to 10.0 while both segments rise
      // (admins 34.8 → 42.0, others -8.8 → -2.2; python3: 42.045, -2.155).
      let mix = Self.table("mix", in: segments)
      #expect(mix.first == ["2017-02", "13.0", "-8.8", "50.0%", "34.8", "50.0%"])
      #expect(mix.last == ["2018-08", "10.0", "-2.2", "72.5%", "42.0", "27.5%"])
    }
  }

  @Test func segmentsAreSortedByTheServer() throws {
    try DashboardHarness.with(.sqlite) { harness in
      _ = try harness.importTrend()
      try harness.addUser("ana@example.com", role: .viewer)
      let cookie = try harness.login("ana@example.com")
      func order(_ query: String) throws -> [String] {
        Self.table(
          "segments", in: try harness.get("/dashboard/segments?\(query)", cookie: cookie).text
        )
        .map { $0[0] }.filter { $0 != "All responses" }
      }
      #expect(try order("property=is_admin&sort=nps&dir=asc") == ["0", "1"])
      #expect(try order("property=is_admin&sort=nps&dir=desc") == ["1", "0"])
      #expect(try order("property=is_admin&sort=n&dir=desc") == ["0", "1"])
      #expect(try order("property=is_admin&sort=value&dir=asc") == ["0", "1"])
    }
  }

  @Test(arguments: StoreKind.allCases) func everythingPeopleTypedIsEscaped(kind: StoreKind) throws {
    try DashboardHarness.with(kind) { harness in
      _ = try harness.importSmall()
      try harness.addUser("<b>x</b>@example.com", role: .admin)
      let cookie = try harness.login("<b>x</b>@example.com")
      let pages = [
        "/dashboard/comments", "/dashboard/segments?property=agent", "/dashboard/followups",
        "/dashboard/settings",
      ]
      for path in pages {
        let html = try harness.get(path, cookie: cookie).text
        #expect(!html.contains("<script>"), "\(path)")
        #expect(!html.contains("<i>Bo</i>"), "\(path)")
        #expect(!html.contains("<b>x</b>"), "\(path)")
      }
      let comments = try harness.get("/dashboard/comments", cookie: cookie).text
      #expect(comments.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; slow &amp; buggy"))
      #expect(comments.contains("Great &lt;b&gt;support&lt;/b&gt;"))
      #expect(comments.contains("Too &quot;expensive&quot;"))
      let segments = try harness.get("/dashboard/segments?property=agent", cookie: cookie).text
      #expect(segments.contains("&lt;i&gt;Bo&lt;/i&gt;"))
      #expect(
        try harness.get("/dashboard", cookie: cookie).text.contains(
          "&lt;b&gt;x&lt;/b&gt;@example.com"))
    }
  }

  /// A mistyped parameter gets a 400 naming what is allowed, not a page that ignored it.
  @Test func oddQueryParametersAreRefusedWithWhatIsAllowed() throws {
    try DashboardHarness.with(.sqlite) { harness in
      _ = try harness.importTrend()
      try harness.addUser("ana@example.com", role: .viewer)
      let cookie = try harness.login("ana@example.com")
      let cases: [(String, String)] = [
        ("/dashboard/followups?status=bogus", "status must be one of: new, contacted, resolved"),
        ("/dashboard/changes?window=abc", "window must be a whole number from 1 to 365"),
        ("/dashboard/changes?window=-5", "window must be a whole number from 1 to 365"),
        ("/dashboard/segments?sort=zzz", "sort must be one of: value, n, nps, difference, p"),
        ("/dashboard/segments?property=nosuch", "property must be one of: is_admin"),
        ("/dashboard/segments?dir=up", "dir must be one of: asc, desc"),
        (
          "/dashboard/comments?category=bogus",
          "category must be one of: detractor, passive, promoter"
        ),
        ("/dashboard/comments?page=-1", "page must be a whole number from 0 to 1000000"),
        ("/dashboard/comments?page=abc", "page must be a whole number from 0 to 1000000"),
        (
          "/dashboard?from=0001-01-01",
          "Dates are written yyyy-mm-dd, must exist and lie in the years 1900 to 2999 "
            + "(got \"0001-01-01\")."
        ),
      ]
      for (target, message) in cases {
        let response = try harness.get(target, cookie: cookie)
        #expect(response.status == .badRequest, "\(target)")
        #expect(response.text.contains(message), "\(target): \(response.text)")
      }
      for target in [
        "/dashboard/followups?status=resolved", "/dashboard/changes?window=90",
        "/dashboard/comments?category=detractor&page=1",
        "/dashboard/segments?property=is_admin&sort=nps&dir=asc", "/dashboard/segments?sort=",
      ] {
        #expect(try harness.get(target, cookie: cookie).status == .ok, "\(target)")
      }
    }
  }

  @Test func fewResponsesWarnAndNoResponsesShowADash() throws {
    try DashboardHarness.with(.sqlite) { harness in
      _ = try harness.importSmall()
      try harness.addUser("ana@example.com", role: .viewer)
      let cookie = try harness.login("ana@example.com")
      let few = try harness.get("/dashboard", cookie: cookie).text
      // 2 promoters, 1 passive, 2 detractors: NPS 0, adjusted-Wald CI ±57.5.
      #expect(few.contains("Only 5 responses"))
      #expect(few.contains(">0.0</div>"))
      #expect(few.contains("± 57.5"))
      let none = try harness.get("/dashboard?from=2030-01-01&to=2030-01-31", cookie: cookie).text
      #expect(none.contains("id=\"nps\" data-nps=\"\">\u{2014}</div>"))
      #expect(none.contains("id=\"n\">0<"))
      #expect(!none.contains("Only 0"))
    }
  }

  @Test(arguments: StoreKind.allCases) func commentsFilterAndSearch(kind: StoreKind) throws {
    try DashboardHarness.with(kind) { harness in
      _ = try harness.importSmall()
      try harness.addUser("ana@example.com", role: .viewer)
      let cookie = try harness.login("ana@example.com")
      func shown(_ query: String) throws -> Int {
        try harness.get("/dashboard/comments?\(query)", cookie: cookie).text
          .components(separatedBy: "class=\"comment\"").count - 1
      }
      #expect(try shown("") == 3)
      #expect(try shown("q=buggy") == 1)
      #expect(try shown("q=BUGGY+slow") == 1)
      #expect(try shown("q=nothing") == 0)
      #expect(try shown("category=detractor") == 2)
      #expect(try shown("category=promoter") == 1)
      #expect(try shown("segment_name=agent&segment_value=Ana") == 1)
      let page = try harness.get("/dashboard/comments?q=buggy", cookie: cookie).text
      let response = try #require(
        try harness.context.store.responses(ResponseQuery(surveyID: 1, search: "buggy")).first)
      #expect(page.contains("href=\"/dashboard/responses/\(response.id)\""))
      #expect(page.contains("<p id=\"match-count\">1 match, newest first.</p>"))
      #expect(
        try harness.get("/dashboard/comments?q=nothing", cookie: cookie).text.contains(
          "<p id=\"match-count\">0 matches, newest first.</p>"))
      #expect(
        !(try harness.get("/dashboard/comments", cookie: cookie).text.contains("match-count")))
      // A search without a letter or digit is no search, as an empty one: every comment.
      for wordless in ["q=--", "q=%E2%80%99", "q=+.%2F+"] {
        let text = try harness.get("/dashboard/comments?\(wordless)", cookie: cookie).text
        #expect(!text.contains("match-count"), "\(wordless)")
        #expect(try shown(wordless) == 3, "\(wordless)")
      }
      #expect(try harness.get("/dashboard/responses/\(response.id)", cookie: cookie).status == .ok)
      // Themes: shown for the survey's comments; an empty segment says why there are none.
      let themesMissing = "Themes need comments from both detractors and promoters."
      #expect(
        !(try harness.get("/dashboard/comments", cookie: cookie).text.contains(themesMissing)))
      #expect(
        try harness.get(
          "/dashboard/comments?segment_name=agent&segment_value=Nobody", cookie: cookie
        ).text.contains(themesMissing))
    }
  }

  @Test(arguments: StoreKind.allCases) func aCommonWordShowsABoundedCount(kind: StoreKind) throws {
    try DashboardHarness.with(kind) { harness in
      let store = harness.context.store
      let survey = try #require(try store.survey(slug: "default"))
      let start = Date(timeIntervalSince1970: 1_690_000_000)
      var batch: [NewResponse] = []
      for index in 0..<1001 {
        let respondedAt = start.addingTimeInterval(Double(index) * 60)
        batch.append(
          NewResponse(
            surveyID: survey.id, externalID: "w\(index)", score: try Score(index % 11),
            comment: "support \(index)", respondedAt: respondedAt, source: .import))
      }
      _ = try store.importResponses(batch, now: harness.clock.now())
      try harness.addUser("ana@example.com", role: .viewer)
      let cookie = try harness.login("ana@example.com")
      let page = try harness.get("/dashboard/comments?q=support", cookie: cookie).text
      #expect(page.contains("<p id=\"match-count\">More than 1,000 matches, newest first.</p>"))
      #expect(page.components(separatedBy: "class=\"comment\"").count - 1 == 50)
      #expect(page.contains("support 1000</div>"))
      let narrowed = try harness.get("/dashboard/comments?q=support+1000", cookie: cookie).text
      #expect(narrowed.contains("<p id=\"match-count\">1 match, newest first.</p>"))
    }
  }

  @Test(arguments: StoreKind.allCases) func detractorsMoveToResolved(kind: StoreKind) throws {
    try DashboardHarness.with(kind) { harness in
      let surveyID = try harness.importSmall()
      try harness.addUser("member@example.com", role: .member)
      let cookie = try harness.login("member@example.com")
      let page = try harness.get("/dashboard/followups", cookie: cookie).text
      let rows = Self.table("followups", in: page)
      #expect(rows.count == 2)
      #expect(rows.allSatisfy { $0[4] == "new" })
      let detractor = try #require(
        try harness.context.store.responses(
          ResponseQuery(surveyID: surveyID, category: .detractor, limit: 1)
        ).first)
      let token = try #require(DashboardHarness.csrf(in: page))
      let saved = try harness.post(
        "/dashboard/responses/\(detractor.id)/followup",
        [("csrf", token), ("status", "resolved"), ("owner", "1"), ("notes", "Called <them>")],
        cookie: cookie)
      #expect(saved.status == .seeOther)
      let followup = try harness.context.store.followup(
        responseID: detractor.id, now: harness.clock.now())
      #expect(followup.status == .resolved)
      #expect(followup.ownerUserID == 1)
      #expect(followup.notes == "Called <them>")
      let resolved = Self.table(
        "followups",
        in: try harness.get("/dashboard/followups?status=resolved", cookie: cookie).text)
      #expect(resolved.count == 1)
      #expect(resolved.first?[4] == "resolved")
      #expect(resolved.first?[5] == "member@example.com")
    }
  }

  /// Two people on one follow-up: the list's status form changes only the status, and a form
  /// made before someone else saved is refused (409) instead of overwriting their notes.
  @Test(arguments: StoreKind.allCases)
  func followupFormsNeverWipeWhatSomeoneElseSaved(kind: StoreKind) throws {
    try DashboardHarness.with(kind) { harness in
      let surveyID = try harness.importSmall()
      try harness.addUser("a@example.com", role: .member)
      try harness.addUser("b@example.com", role: .member)
      let cookieA = try harness.login("a@example.com")
      let cookieB = try harness.login("b@example.com")
      let detractor = try #require(
        try harness.context.store.responses(
          ResponseQuery(surveyID: surveyID, category: .detractor, limit: 1)
        ).first)
      let path = "/dashboard/responses/\(detractor.id)/followup"
      // A opens the list; B then saves status, owner and notes on the response page.
      let list = try harness.get("/dashboard/followups", cookie: cookieA).text
      let tokenA = try #require(DashboardHarness.csrf(in: list))
      let versionA = try #require(Self.version(of: detractor.id, in: list))
      #expect(versionA == "0")
      let pageB = try harness.get("/dashboard/responses/\(detractor.id)", cookie: cookieB).text
      let tokenB = try #require(DashboardHarness.csrf(in: pageB))
      let savedB = try harness.post(
        path,
        [
          ("csrf", tokenB), ("version", "0"), ("status", "contacted"), ("owner", "2"),
          ("notes", "Called, promised a refund"),
        ], cookie: cookieB)
      #expect(savedB.status == .seeOther)
      // A's list form, made before B saved: refused, B's follow-up kept.
      let stale = try harness.post(
        path, [("csrf", tokenA), ("version", versionA), ("status", "resolved")], cookie: cookieA)
      #expect(stale.status == .conflict)
      #expect(stale.text.contains("Nothing was saved"))
      var stored = try harness.context.store.followup(
        responseID: detractor.id, now: harness.clock.now())
      #expect(stored.status == .contacted)
      #expect(stored.ownerUserID == 2)
      #expect(stored.notes == "Called, promised a refund")
      // Reloaded, A's status form changes the status and nothing else.
      let fresh = try harness.get("/dashboard/followups", cookie: cookieA).text
      let versionNow = try #require(Self.version(of: detractor.id, in: fresh))
      let savedA = try harness.post(
        path, [("csrf", tokenA), ("version", versionNow), ("status", "resolved")],
        cookie: cookieA)
      #expect(savedA.status == .seeOther)
      stored = try harness.context.store.followup(
        responseID: detractor.id, now: harness.clock.now())
      #expect(stored.status == .resolved)
      #expect(stored.ownerUserID == 2)
      #expect(stored.notes == "Called, promised a refund")
      // Notes over the limit are refused, not cut.
      let long = try harness.post(
        path, [("csrf", tokenA), ("notes", String(repeating: "é", count: 10_001))],
        cookie: cookieA)
      #expect(long.status == .badRequest)
      #expect(long.text.contains("notes: must be at most 10000 characters (got 10001)."))
      #expect(
        try harness.context.store.followup(responseID: detractor.id, now: harness.clock.now())
          .notes == "Called, promised a refund")
    }
  }

  /// The `version` of a follow-up form on the list, by its response id.
  static func version(of responseID: Int64, in page: String) -> String? {
    let marker = "action=\"/dashboard/responses/\(responseID)/followup\">"
    guard let form = page.range(of: marker) else { return nil }
    let rest = page[form.upperBound...]
    guard let field = rest.range(of: "name=\"version\" value=\"") else { return nil }
    return String(rest[field.upperBound...].prefix { $0 != "\"" })
  }

  @Test(arguments: StoreKind.allCases) func aChangeShowsItsImpact(kind: StoreKind) throws {
    try DashboardHarness.with(kind) { harness in
      _ = try harness.importSmall()
      try harness.addUser("member@example.com", role: .member)
      let cookie = try harness.login("member@example.com")
      let token = try #require(
        DashboardHarness.csrf(in: try harness.get("/dashboard/changes", cookie: cookie).text))
      let saved = try harness.post(
        "/dashboard/changes",
        [
          // A zone from an older form is ignored: the date is a day in the company's zone.
          ("csrf", token), ("survey", "default"), ("tz", "Asia/Tokyo"),
          ("title", "New <pricing>"), ("description", "x"), ("date", "2024-01-08"),
          ("public", "1"),
        ], cookie: cookie)
      #expect(saved.status == .seeOther)
      let stored = try #require(try harness.context.store.changes(surveyID: nil).first)
      #expect(ISO8601Instant.string(stored.changedAt) == "2024-01-08T00:00:00Z")
      // Shown as that day whatever zone the report is read in.
      let tokyo = try harness.get("/dashboard/changes?tz=Asia/Tokyo", cookie: cookie).text
      #expect(Self.table("changes", in: tokyo).first?[0] == "2024-01-08")
      #expect(tokyo.contains("<th>Date (UTC)</th>"))
      let tooLong = try harness.post(
        "/dashboard/changes",
        [
          ("csrf", token), ("survey", "default"), ("title", "Long"), ("date", "2024-01-09"),
          ("description", String(repeating: "d", count: 5001)),
        ], cookie: cookie)
      #expect(tooLong.status == .badRequest)
      #expect(tooLong.text.contains("description: must be at most 5000 characters (got 5001)."))
      #expect(try harness.context.store.changes(surveyID: nil).count == 1)
      let page = try harness.get("/dashboard/changes", cookie: cookie).text
      #expect(page.contains("New &lt;pricing&gt;"))
      // Before [2023-12-09, 2024-01-08): 10, 9, 8 → 66.7 (n 3); after: 3, 0 → -100 (n 2).
      // python3 (adjusted Wald, the estimates of each side's interval): difference -166.7,
      // adjusted estimate -73.3, CI [-158.0, 11.4], p 0.0897: five responses cannot show a
      // significant change.
      let row = try #require(Self.table("changes", in: page).first)
      #expect(row[3] == "66.7 (n = 3)")
      #expect(row[4] == "-100.0 (n = 2)")
      #expect(row[5] == "-166.7 n < 30 on a side")
      #expect(row[6] == "[-158.0, 11.4]")
      #expect(row[7] == "0.090")
      // Marked on the overview's trend.
      #expect(
        try harness.get("/dashboard?by=week", cookie: cookie).text.contains(
          "Change 1: New &lt;pricing&gt;"))
      // By year too, as on the command line.
      let yearly = try harness.get("/dashboard?by=year", cookie: cookie)
      #expect(yearly.status == .ok)
      #expect(yearly.text.contains("<option value=\"year\" selected>"))
    }
  }

  @Test func thePublicPageIsOffByDefaultAndShowsNoPersonalData() throws {
    try DashboardHarness.with(.sqlite) { harness in
      let surveyID = try harness.importSmall()
      #expect(try harness.get("/p/default").status == .notFound)
      var survey = try #require(try harness.context.store.survey(id: surveyID))
      survey.publicPage = true
      try harness.context.store.updateSurvey(survey, now: harness.clock.now())
      let page = try harness.get("/p/default")
      #expect(page.status == .ok)
      #expect(!page.text.contains("expensive"))
      #expect(!page.text.contains("agent"))
      #expect(!page.text.contains("Bo</i>"))
      #expect(page.text.contains("<svg"))
    }
  }
}
