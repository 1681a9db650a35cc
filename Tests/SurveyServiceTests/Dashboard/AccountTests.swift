import Foundation
import HTTPServer
import NPSCore
import Storage
import StoreTesting
import Testing

@testable import SurveyService

/// Own password change, and admins resetting another user's password or removing a user.
@Suite("Account and user administration") struct AccountTests {
  static let old = "correct horse battery"
  static let new = "a brand new passphrase"

  /// Posts the password form of the account page with the session's token.
  static func change(
    _ harness: DashboardHarness, _ cookie: String, current: String, new: String, again: String
  ) throws -> Response {
    let page = try harness.get("/dashboard/account", cookie: cookie)
    let csrf = try #require(DashboardHarness.csrf(in: page.text))
    return try harness.post(
      "/dashboard/account/password",
      [("csrf", csrf), ("current", current), ("new", new), ("new2", again)], cookie: cookie)
  }

  @Test(arguments: StoreKind.allCases) func aUserChangesTheirPassword(kind: StoreKind) throws {
    try DashboardHarness.with(kind) { harness in
      let store = harness.context.store
      let user = try harness.addUser("viewer@example.com", role: .viewer)
      let here = try harness.login("viewer@example.com")
      let elsewhere = try harness.login("viewer@example.com")
      #expect(try store.sessionCount(userID: user.id, now: harness.clock.now()) == 2)
      let hash = try #require(try store.user(id: user.id)).passwordHash

      // Refusals change nothing and say why.
      let wrong = try Self.change(
        harness, here, current: "not my password", new: Self.new, again: Self.new)
      #expect(wrong.status == .badRequest)
      #expect(wrong.text.contains("The current password is wrong."))
      let differ = try Self.change(
        harness, here, current: Self.old, new: Self.new, again: Self.new + "x")
      #expect(differ.status == .badRequest)
      #expect(differ.text.contains("The new passwords differ."))
      let short = try Self.change(harness, here, current: Self.old, new: "short", again: "short")
      #expect(short.status == .badRequest)
      #expect(short.text.contains("at least 10 characters"))
      let forged = try harness.post(
        "/dashboard/account/password",
        [("csrf", "forged"), ("current", Self.old), ("new", Self.new), ("new2", Self.new)],
        cookie: here)
      #expect(forged.status == .forbidden)
      #expect(try store.user(id: user.id)?.passwordHash == hash)
      #expect(try store.sessionCount(userID: user.id, now: harness.clock.now()) == 2)

      // A viewer may change their own password: this session stays, the other one ends.
      let changed = try Self.change(
        harness, here, current: Self.old, new: Self.new, again: Self.new)
      #expect(changed.status == .seeOther)
      #expect(changed.headers["Location"] == "/dashboard/account?changed=1")
      let stored = try #require(try store.user(id: user.id)).passwordHash
      #expect(stored.hasPrefix("$argon2id$"))
      #expect(PasswordHasher.verify(Self.new, hash: stored))
      #expect(try harness.get("/dashboard", cookie: here).status == .ok)
      #expect(try harness.get("/dashboard", cookie: elsewhere).status == .seeOther)
      #expect(try store.sessionCount(userID: user.id, now: harness.clock.now()) == 1)
      #expect(
        try harness.get("/dashboard/account?changed=1", cookie: here).text.contains(
          "Your other sessions were signed out."))
      #expect(throws: HarnessError.self) { try harness.login("viewer@example.com") }
      _ = try harness.login("viewer@example.com", password: Self.new)
      let entries = try store.auditEntries(AuditQuery(targetKind: "user"))
      #expect(entries.first?.action == "user.password")
      #expect(entries.first?.actor == "viewer@example.com")
    }
  }

  @Test func wrongCurrentPasswordsCountAsFailedLogins() throws {
    try DashboardHarness.with(.sqlite) { harness in
      try harness.addUser("ana@example.com", role: .member)
      let cookie = try harness.login("ana@example.com")
      for _ in 0..<5 {
        let response = try Self.change(
          harness, cookie, current: "guess guess", new: Self.new, again: Self.new)
        #expect(response.status == .badRequest)
      }
      let blocked = try Self.change(
        harness, cookie, current: Self.old, new: Self.new, again: Self.new)
      #expect(blocked.status == .tooManyRequests)
      #expect(
        PasswordHasher.verify(
          Self.old,
          hash: try #require(try harness.context.store.user(email: "ana@example.com")).passwordHash)
      )
    }
  }

  @Test(arguments: StoreKind.allCases) func adminsResetAndRemoveUsers(kind: StoreKind) throws {
    try DashboardHarness.with(kind) { harness in
      let store = harness.context.store
      let admin = try harness.addUser("admin@example.com", role: .admin)
      let member = try harness.addUser("member@example.com", role: .member)
      let adminCookie = try harness.login("admin@example.com")
      let memberCookie = try harness.login("member@example.com")
      let settings = try harness.get("/dashboard/settings", cookie: adminCookie).text
      #expect(settings.contains("action=\"/dashboard/settings/users/\(member.id)/password\""))
      #expect(settings.contains("action=\"/dashboard/settings/users/\(member.id)/delete\""))
      #expect(!settings.contains("action=\"/dashboard/settings/users/\(admin.id)/delete\""))
      let csrf = try #require(DashboardHarness.csrf(in: settings))

      // A member cannot reset or remove anyone.
      let memberPage = try harness.get("/dashboard/settings", cookie: memberCookie).text
      let memberCSRF = try #require(DashboardHarness.csrf(in: memberPage))
      #expect(
        try harness.post(
          "/dashboard/settings/users/\(admin.id)/password",
          [("csrf", memberCSRF), ("password", Self.new)], cookie: memberCookie
        ).status == .forbidden)
      #expect(
        try harness.post(
          "/dashboard/settings/users/\(admin.id)/delete", [("csrf", memberCSRF)],
          cookie: memberCookie
        ).status == .forbidden)

      // Reset: a short password is refused; a good one ends every session of the member.
      let short = try harness.post(
        "/dashboard/settings/users/\(member.id)/password", [("csrf", csrf), ("password", "short")],
        cookie: adminCookie)
      #expect(short.status == .badRequest)
      #expect(try harness.get("/dashboard", cookie: memberCookie).status == .ok)
      let reset = try harness.post(
        "/dashboard/settings/users/\(member.id)/password",
        [("csrf", csrf), ("password", Self.new)],
        cookie: adminCookie)
      #expect(reset.status == .seeOther)
      #expect(try harness.get("/dashboard", cookie: memberCookie).status == .seeOther)
      let memberAgain = try harness.login("member@example.com", password: Self.new)
      // Not on oneself.
      #expect(
        try harness.post(
          "/dashboard/settings/users/\(admin.id)/password",
          [("csrf", csrf), ("password", Self.new)],
          cookie: adminCookie
        ).status == .badRequest)
      #expect(
        try harness.post(
          "/dashboard/settings/users/\(admin.id)/delete", [("csrf", csrf)], cookie: adminCookie
        ).status == .badRequest)

      // Remove: the member owned a follow-up; it stays, without an owner.
      let response = try store.recordResponse(
        NewResponse(
          surveyID: 1, externalID: "f1", score: try Score(2), comment: "slow",
          respondedAt: harness.clock.now(), source: .api), now: harness.clock.now())
      _ = try store.updateFollowup(
        responseID: response.id, status: .contacted, ownerUserID: member.id, notes: "called",
        now: harness.clock.now())
      let removed = try harness.post(
        "/dashboard/settings/users/\(member.id)/delete", [("csrf", csrf)], cookie: adminCookie)
      #expect(removed.status == .seeOther)
      #expect(try store.user(id: member.id) == nil)
      #expect(try harness.get("/dashboard", cookie: memberAgain).status == .seeOther)
      let followup = try store.followup(responseID: response.id, now: harness.clock.now())
      #expect(followup.ownerUserID == nil)
      #expect(followup.status == .contacted)
      #expect(followup.notes == "called")
      #expect(
        try harness.post(
          "/dashboard/settings/users/\(member.id)/delete", [("csrf", csrf)], cookie: adminCookie
        ).status == .notFound)
      let actions = try store.auditEntries(AuditQuery(targetKind: "user")).map(\.action)
      #expect(actions == ["user.delete", "user.password_reset"])
      #expect(
        try store.auditEntries(AuditQuery(targetKind: "user")).first?.detail
          == "{\"email\":\"member@example.com\"}")
    }
  }
}
