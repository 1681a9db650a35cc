import Foundation
import HTTPServer
import Storage
import StoreTesting
import Testing

@testable import SurveyService

/// Expired sessions: the cookie leads to the login page, and the rows are deleted on sign-in
/// and by the worker loop.
@Suite("Session expiry") struct SessionExpiryTests {
  /// Every stored session, expired or not.
  static func storedSessions(_ store: SQLStore, _ userID: Int64) throws -> Int {
    try store.sessionCount(userID: userID, now: .distantPast)
  }

  @Test(arguments: StoreKind.allCases) func anExpiredCookieGoesToTheLoginPage(kind: StoreKind)
    throws
  {
    try DashboardHarness.with(kind) { harness in
      try harness.addUser("ana@example.com", role: .member)
      let cookie = try harness.login("ana@example.com")
      let page = try harness.get("/dashboard/changes", cookie: cookie)
      #expect(page.status == .ok)
      let csrf = try #require(DashboardHarness.csrf(in: page.text))
      harness.clock.advance(by: SessionCookie.lifetime + 1)

      let expired = try harness.get("/dashboard/segments?x=1", cookie: cookie)
      #expect(expired.status == .seeOther)
      #expect(
        expired.headers["Location"] == "/login?next=%2Fdashboard%2Fsegments%3Fx%3D1&expired=1")
      let removal = try #require(expired.headers["Set-Cookie"])
      #expect(removal.hasPrefix("nps_session=;"))
      #expect(removal.contains("Max-Age=0"))
      let login = try harness.get("/login?next=%2Fdashboard&expired=1")
      #expect(login.text.contains("Your session has ended. Please sign in again."))

      // A form sent with the expired cookie also goes to the login page and changes nothing.
      let form = try harness.post(
        "/dashboard/changes",
        [("csrf", csrf), ("survey", "default"), ("title", "Late"), ("date", "2024-01-10")],
        cookie: cookie)
      #expect(form.status == .seeOther)
      #expect(form.headers["Location"] == "/login?expired=1")
      #expect(try harness.context.store.changes(surveyID: nil).isEmpty)
      // Without any cookie a form is refused, and a page redirects without the notice.
      #expect(try harness.post("/dashboard/changes", [("csrf", csrf)]).status == .forbidden)
      #expect(try harness.get("/dashboard").headers["Location"] == "/login?next=%2Fdashboard")
    }
  }

  @Test(arguments: StoreKind.allCases) func signingInDeletesExpiredSessions(kind: StoreKind)
    throws
  {
    try DashboardHarness.with(kind) { harness in
      let store = harness.context.store
      let ana = try harness.addUser("ana@example.com", role: .member)
      let bob = try harness.addUser("bob@example.com", role: .viewer)
      _ = try harness.login("ana@example.com")
      _ = try harness.login("ana@example.com")
      harness.clock.advance(by: 3600)
      _ = try harness.login("bob@example.com")
      #expect(try Self.storedSessions(store, ana.id) == 2)
      // Ana's two sessions expire; Bob's (an hour younger) does not yet.
      harness.clock.advance(by: SessionCookie.lifetime - 1800)
      #expect(try Self.storedSessions(store, ana.id) == 2)
      _ = try harness.login("bob@example.com")
      #expect(try Self.storedSessions(store, ana.id) == 0)
      #expect(try Self.storedSessions(store, bob.id) == 2)
    }
  }

  @Test func theWorkerLoopDeletesExpiredSessions() throws {
    try DashboardHarness.with(.sqlite) { harness in
      let store = harness.context.store
      let ana = try harness.addUser("ana@example.com", role: .member)
      _ = try harness.login("ana@example.com")
      harness.clock.advance(by: SessionCookie.lifetime + 1)
      #expect(try Self.storedSessions(store, ana.id) == 1)
      var options = SendWorker.Options()
      options.pollInterval = .milliseconds(20)
      let worker = SendWorker(context: harness.context, options: options)
      worker.start()
      defer { worker.stop() }
      // The loop's first pass sweeps; wait for it (at most 10 s).
      var waited = 0
      while try Self.storedSessions(store, ana.id) > 0, waited < 1000 {
        usleep(10_000)
        waited += 1
      }
      #expect(try Self.storedSessions(store, ana.id) == 0)
    }
  }
}
