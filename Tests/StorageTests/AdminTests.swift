import Foundation
import NPSCore
import Testing

@testable import Storage

@Suite struct AdminTests {
  @Test(arguments: StoreKind.allCases)
  func changesAndFollowups(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let survey = try #require(try store.survey(slug: "default"))
      let change = try store.createChange(
        Change(
          surveyID: survey.id, title: "New onboarding", changedAt: instant("2024-03-01T00:00:00Z"),
          createdAt: testNow))
      _ = try store.createChange(
        Change(
          surveyID: nil, title: "Price change", changedAt: instant("2024-02-01T00:00:00Z"),
          createdAt: testNow))
      #expect(
        try store.changes(surveyID: survey.id).map(\.title) == ["Price change", "New onboarding"])
      try store.deleteChange(id: change.id)
      #expect(try store.changes(surveyID: survey.id).map(\.title) == ["Price change"])

      let response = try store.recordResponse(
        NewResponse(surveyID: survey.id, score: try Score(2), respondedAt: testNow, source: .api),
        now: testNow)
      let user = try store.createUser(
        email: " Admin@Example.com", name: "Admin", passwordHash: "$argon2id$...", role: "admin",
        now: testNow)
      #expect(user.email == "admin@example.com")
      #expect(try store.user(email: "ADMIN@example.com")?.id == user.id)
      let opened = try store.followup(responseID: response.id, now: testNow)
      #expect(opened.status == .new)
      #expect(try store.followup(responseID: response.id, now: testNow).id == opened.id)
      let updated = try store.updateFollowup(
        responseID: response.id, status: .contacted, ownerUserID: user.id, notes: "Called",
        now: testNow)
      #expect(updated.id == opened.id)
      #expect(updated.ownerUserID == user.id)
      #expect(try store.followups(status: .contacted).map(\.responseID) == [response.id])
      #expect(try store.followups(status: .new).isEmpty)
      // Deleting the response removes its follow-up.
      try store.deleteResponse(id: response.id)
      #expect(try store.followups(status: nil).isEmpty)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func sessionsAPIKeysWebhooksAndAudit(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let user = try store.createUser(
        email: "a@example.com", name: "A", passwordHash: "h", role: "admin", now: testNow)
      let sessionHash: [UInt8] = Array(repeating: 7, count: 32)
      try store.createSession(
        LoginSession(
          idHash: sessionHash, userID: user.id, csrfToken: "csrf", createdAt: testNow,
          expiresAt: testNow.addingTimeInterval(3600)))
      #expect(try store.session(idHash: sessionHash, now: testNow)?.userID == user.id)
      #expect(try store.session(idHash: sessionHash, now: testNow.addingTimeInterval(3600)) == nil)
      try store.deleteSession(idHash: sessionHash)
      #expect(try store.session(idHash: sessionHash, now: testNow) == nil)

      let keyHash: [UInt8] = [0, 1, 2, 255, 128]
      let key = try store.createAPIKey(
        name: "CRM", keyHash: keyHash, prefix: "nps_ab12", scopes: ["ingest", "read"], now: testNow)
      let used = try #require(try store.apiKey(hash: keyHash, now: testNow.addingTimeInterval(5)))
      #expect(used.id == key.id)
      #expect(used.scopes == ["ingest", "read"])
      #expect(used.keyHash == keyHash)
      #expect(used.lastUsedAt == testNow.addingTimeInterval(5))
      try store.revokeAPIKey(id: key.id, at: testNow)
      #expect(try store.apiKey(hash: keyHash, now: testNow) == nil)

      let hook = try store.createWebhook(
        url: "https://example.com/hook", secret: "s", events: ["response.created"], now: testNow)
      try store.recordDelivery(
        webhookID: hook.id, jobID: nil, event: "response.created", payload: "{}",
        responseStatus: 500, error: nil, at: testNow)
      try store.recordDelivery(
        webhookID: hook.id, jobID: nil, event: "response.created", payload: "{}",
        responseStatus: 200, error: nil, at: testNow.addingTimeInterval(60))
      #expect(
        try store.deliveries(webhookID: hook.id, limit: 10).map(\.responseStatus) == [200, 500])
      #expect(try store.webhooks().map(\.events) == [["response.created"]])

      try store.appendAudit(
        AuditEntry(at: testNow, actor: "user:1", action: "survey.update", target: "survey:1"))
      try store.appendAudit(AuditEntry(at: testNow, actor: "user:1", action: "apikey.revoke"))
      #expect(try store.auditLog(limit: 10).map(\.action) == ["apikey.revoke", "survey.update"])
    }
  }
}
