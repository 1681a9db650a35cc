import Foundation
import HTTPServer
import Storage
import StoreTesting
import Testing

@testable import SurveyService

/// `/dashboard/audit`: admins only, newest first, paged, filtered, escaped.
@Suite("Audit log page") struct AuditPageTests {
  /// The entry ids of the page's table rows, in order.
  static func ids(_ html: String) -> [Int64] {
    html.components(separatedBy: "<tr data-entry=\"").dropFirst().compactMap {
      Int64($0.prefix { $0.isNumber })
    }
  }

  @Test(arguments: StoreKind.allCases) func adminsPageAndFilterTheLog(kind: StoreKind) throws {
    try DashboardHarness.with(kind) { harness in
      let store = harness.context.store
      try harness.addUser("admin@example.com", role: .admin)
      try harness.addUser("member@example.com", role: .member)
      let start = harness.clock.now()
      // 70 entries: even ones by ana on users, odd ones by bob on changes; then a hostile one.
      for index in 0..<70 {
        try store.appendAudit(
          AuditEntry(
            at: start.addingTimeInterval(Double(index)),
            actor: index % 2 == 0 ? "ana@example.com" : "bob@example.com",
            action: index % 2 == 0 ? "user.update" : "change.create",
            target: index % 2 == 0 ? "user:\(index)" : "change:\(index)"))
      }
      try store.appendAudit(
        AuditEntry(
          at: start, actor: "<script>alert(1)</script>", action: "survey.update",
          target: "survey:<b>1</b>", detail: "{\"name\":\"<img src=x onerror=alert(2)>\"}"))
      let all = try store.auditLog(limit: 1000)
      #expect(all.count == 71)
      let cookie = try harness.login("admin@example.com")
      let first = try harness.get("/dashboard/audit", cookie: cookie)
      #expect(first.status == .ok)
      #expect(Self.ids(first.text) == Array(all.prefix(50).map(\.id)))
      #expect(first.text.contains("href=\"/dashboard/audit\" class=\"on\""))
      // Escaped everywhere.
      #expect(!first.text.contains("<script>alert(1)"))
      #expect(first.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
      #expect(!first.text.contains("<img src=x"))
      #expect(!first.text.contains("<b>1</b>"))
      // The next page starts under the last id shown, and ends the log.
      let olderLink = "/dashboard/audit?before=\(all[49].id)"
      #expect(first.text.contains("href=\"\(olderLink)\""))
      let second = try harness.get(olderLink, cookie: cookie)
      #expect(Self.ids(second.text) == Array(all[50...].map(\.id)))
      #expect(!second.text.contains("id=\"older\""))
      #expect(second.text.contains("id=\"newest\""))
      // Filters: actor and target kind, alone and together, kept in the paging link.
      let bob = try harness.get("/dashboard/audit?actor=bob%40example.com", cookie: cookie).text
      #expect(Self.ids(bob) == all.filter { $0.actor == "bob@example.com" }.map(\.id))
      let users = try harness.get("/dashboard/audit?target=user", cookie: cookie).text
      #expect(Self.ids(users) == all.filter { $0.target.hasPrefix("user:") }.map(\.id))
      let none = try harness.get(
        "/dashboard/audit?actor=bob%40example.com&target=user", cookie: cookie
      ).text
      #expect(Self.ids(none).isEmpty)
      #expect(none.contains("No entries match."))
      let surveys = try harness.get("/dashboard/audit?target=survey", cookie: cookie).text
      #expect(Self.ids(surveys) == [all[0].id])
      // Every kind the service writes can be filtered on, webhooks included.
      let webhooks = try harness.get("/dashboard/audit?target=webhook", cookie: cookie)
      #expect(webhooks.status == .ok)
      #expect(Self.ids(webhooks.text) == all.filter { $0.target.hasPrefix("webhook:") }.map(\.id))
      // Bad input is refused with a reason.
      let badKind = try harness.get("/dashboard/audit?target=us%25", cookie: cookie)
      #expect(badKind.status == .badRequest)
      #expect(try harness.get("/dashboard/audit?before=abc", cookie: cookie).status == .badRequest)
      // Members and viewers: no tab, 403.
      let member = try harness.login("member@example.com")
      #expect(try harness.get("/dashboard/audit", cookie: member).status == .forbidden)
      #expect(!(try harness.get("/dashboard", cookie: member).text.contains("/dashboard/audit")))
      // Signed out: the login page.
      let anonymous = try harness.get("/dashboard/audit")
      #expect(anonymous.status.code == 303 || anonymous.status.code == 302)
    }
  }

  @Test(arguments: StoreKind.allCases) func dashboardActionsAreInTheLog(kind: StoreKind) throws {
    try DashboardHarness.with(kind) { harness in
      try harness.addUser("admin@example.com", role: .admin)
      let cookie = try harness.login("admin@example.com")
      let settings = try harness.get("/dashboard/settings", cookie: cookie).text
      let csrf = try #require(DashboardHarness.csrf(in: settings))
      let created = try harness.post(
        "/dashboard/settings/users",
        [
          ("csrf", csrf), ("email", "new@example.com"), ("role", "viewer"),
          ("password", "a long enough password"),
        ], cookie: cookie)
      #expect(created.status.code == 303)
      let page = try harness.get("/dashboard/audit?target=user", cookie: cookie).text
      let user = try #require(try harness.context.store.user(email: "new@example.com"))
      #expect(
        page.contains("<td>admin@example.com</td><td>user.create</td><td>user:\(user.id)</td>"))
    }
  }
}
