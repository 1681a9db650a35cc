import Foundation
import HTTPServer
import NPSCore
import Storage
import StoreTesting
import Testing

@testable import SurveyService

@Suite("Dashboard access", .serialized) struct DashboardAccessTests {
  @Test(arguments: StoreKind.allCases) func pagesNeedASession(kind: StoreKind) throws {
    try DashboardHarness.with(kind) { harness in
      let response = try harness.get("/dashboard/segments?x=1")
      #expect(response.status == .seeOther)
      #expect(response.headers["Location"] == "/login?next=%2Fdashboard%2Fsegments%3Fx%3D1")
    }
  }

  @Test(arguments: StoreKind.allCases) func loginSetsAStrictHttpOnlyCookieAndLogoutEndsIt(
    kind: StoreKind
  ) throws {
    try DashboardHarness.with(kind) { harness in
      try harness.addUser("Ana@Example.com", role: .admin)
      let form = try harness.get("/login")
      let csrf = try #require(DashboardHarness.csrf(in: form.text))
      let response = try harness.post(
        "/login",
        [("csrf", csrf), ("email", "ana@example.com"), ("password", "correct horse battery")])
      #expect(response.status == .seeOther)
      let setCookie = try #require(response.headers["Set-Cookie"])
      #expect(setCookie.contains("HttpOnly"))
      #expect(setCookie.contains("SameSite=Strict"))
      #expect(!setCookie.contains("Secure"))
      let cookie = String(setCookie.split(separator: ";")[0])
      let page = try harness.get("/dashboard", cookie: cookie)
      #expect(page.status == .ok)
      #expect(page.headers["Cache-Control"] == "no-store")
      // Logging out without the token is refused; with it, the session ends.
      #expect(try harness.post("/logout", [], cookie: cookie).status == .forbidden)
      let token = try #require(DashboardHarness.csrf(in: page.text))
      let logout = try harness.post("/logout", [("csrf", token)], cookie: cookie)
      #expect(logout.status == .seeOther)
      #expect(try harness.get("/dashboard", cookie: cookie).status == .seeOther)
    }
  }

  @Test func secureCookieWhenTheBaseURLIsHTTPS() throws {
    try withTestDatabaseURL(.sqlite) { url in
      let harness = try DashboardHarness(url: url)
      defer { harness.close() }
      var configuration = harness.context.configuration
      configuration.baseURL = "https://nps.example.com"
      let context = ServiceContext(
        configuration: configuration, store: harness.context.store, mail: harness.context.mail,
        clock: harness.clock, secret: harness.context.secret, logger: .disabled)
      let cookie = try SessionCookie(context: context).cookie(for: SecretToken.generate())
      #expect(cookie.headerValue.hasPrefix("__Host-nps_session="))
      #expect(cookie.headerValue.contains("; Secure; HttpOnly; SameSite=Strict"))
    }
  }

  @Test func wrongPasswordsAreRateLimited() throws {
    try DashboardHarness.with(.sqlite) { harness in
      try harness.addUser("ana@example.com", role: .admin)
      let csrf = try #require(DashboardHarness.csrf(in: try harness.get("/login").text))
      for _ in 0..<5 {
        let response = try harness.post(
          "/login", [("csrf", csrf), ("email", "ana@example.com"), ("password", "wrong password!")])
        #expect(response.status == .unauthorized)
      }
      // The sixth attempt is refused even with the right password...
      let blocked = try harness.post(
        "/login",
        [("csrf", csrf), ("email", "ana@example.com"), ("password", "correct horse battery")])
      #expect(blocked.status == .tooManyRequests)
      #expect(blocked.headers["Retry-After"] == "900")
      // ...until the window has passed.
      harness.clock.advance(by: 15 * 60 + 1)
      let fresh = try #require(DashboardHarness.csrf(in: try harness.get("/login").text))
      let allowed = try harness.post(
        "/login",
        [("csrf", fresh), ("email", "ana@example.com"), ("password", "correct horse battery")])
      #expect(allowed.status == .seeOther)
    }
  }

  @Test(arguments: StoreKind.allCases) func viewersCannotPostAndFormsNeedAValidToken(
    kind: StoreKind
  ) throws {
    try DashboardHarness.with(kind) { harness in
      let surveyID = try harness.importSmall()
      try harness.addUser("viewer@example.com", role: .viewer)
      try harness.addUser("member@example.com", role: .member)
      let viewer = try harness.login("viewer@example.com")
      let member = try harness.login("member@example.com")
      let viewerToken = try #require(
        DashboardHarness.csrf(in: try harness.get("/dashboard", cookie: viewer).text))
      let memberToken = try #require(
        DashboardHarness.csrf(in: try harness.get("/dashboard", cookie: member).text))
      let change: [(String, String)] = [
        ("survey", "default"), ("title", "New onboarding"), ("date", "2024-01-10"),
      ]
      // A viewer with a valid token: 403.
      #expect(
        try harness.post("/dashboard/changes", change + [("csrf", viewerToken)], cookie: viewer)
          .status == .forbidden)
      // No token, a wrong token, another session's token: 403.
      #expect(try harness.post("/dashboard/changes", change, cookie: member).status == .forbidden)
      #expect(
        try harness.post(
          "/dashboard/changes", change + [("csrf", "00" + memberToken)], cookie: member
        )
        .status == .forbidden)
      #expect(
        try harness.post("/dashboard/changes", change + [("csrf", viewerToken)], cookie: member)
          .status == .forbidden)
      #expect(try harness.context.store.changes(surveyID: surveyID).isEmpty)
      // The member with the session's token: saved.
      let saved = try harness.post(
        "/dashboard/changes", change + [("csrf", memberToken)], cookie: member)
      #expect(saved.status == .seeOther)
      #expect(
        try harness.context.store.changes(surveyID: surveyID).map(\.title) == ["New onboarding"])
      // A viewer's page shows no forms that change anything.
      let page = try harness.get("/dashboard/changes", cookie: viewer).text
      #expect(!page.contains("method=\"post\" action=\"/dashboard/changes\""))
      #expect(page.contains("method=\"get\" action=\"/dashboard/changes\""))
      #expect(
        try harness.post(
          "/dashboard/settings/survey", [("csrf", viewerToken), ("survey", "default")],
          cookie: viewer
        ).status == .forbidden)
    }
  }

  @Test(arguments: StoreKind.allCases) func theSetupLinkCreatesTheFirstAdminOnce(kind: StoreKind)
    throws
  {
    try DashboardHarness.with(kind) { harness in
      let link = try #require(try DashboardSetup.announce(context: harness.context))
      let path = String(link.dropFirst(harness.context.configuration.publicBase.count))
      #expect(path.hasPrefix("/setup/"))
      let page = try harness.get(path)
      #expect(page.status == .ok)
      let csrf = try #require(DashboardHarness.csrf(in: page.text))
      let fields = [
        ("csrf", csrf), ("email", "boss@example.com"), ("password", "a long enough secret"),
        ("password2", "a long enough secret"),
      ]
      // What cannot make an admin shows the form again with 422, and creates nobody.
      for (name, value, message) in [
        ("email", "nobody", "Enter an email address."),
        ("password2", "something else entirely", "The passwords differ."),
      ] {
        let refused = try harness.post(path, fields.filter { $0.0 != name } + [(name, value)])
        #expect(refused.status == .unprocessableContent, "\(name)")
        #expect(refused.text.contains(message), "\(name)")
      }
      let short = try harness.post(
        path,
        fields.filter { $0.0 != "password" && $0.0 != "password2" } + [
          ("password", "short"), ("password2", "short"),
        ])
      #expect(short.status == .unprocessableContent)
      #expect(try harness.context.store.user(email: "boss@example.com") == nil)
      let created = try harness.post(path, fields)
      #expect(created.status == .seeOther)
      #expect(try harness.context.store.user(email: "boss@example.com")?.role == "admin")
      // Used: the link is gone, and no second announcement while a user exists.
      #expect(try harness.get(path).status == .notFound)
      #expect(try harness.post(path, fields).status == .notFound)
      #expect(try DashboardSetup.announce(context: harness.context) == nil)
    }
  }
}

extension DashboardHarness {
  /// Five responses in the default survey, two with comments holding markup.
  func importSmall() throws -> Int64 {
    let survey = try #require(try context.store.survey(slug: "default"))
    let base = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01T00:00:00Z
    let rows: [(Int, String?, String)] = [
      (10, "Great <b>support</b>", "Ana"), (9, nil, "Ana"), (8, nil, "Bo"),
      (3, "<script>alert('x')</script> slow & buggy", "<i>Bo</i>"), (0, "Too \"expensive\"", "Bo"),
    ]
    let responses = rows.enumerated().map { index, row in
      NewResponse(
        surveyID: survey.id, externalID: "r\(index)", score: try! Score(row.0), comment: row.1,
        respondedAt: base.addingTimeInterval(Double(index) * 86400 * 3), source: .import,
        properties: ["agent": row.2])
    }
    _ = try context.store.importResponses(responses, now: clock.now())
    return survey.id
  }
}
