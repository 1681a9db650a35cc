import Foundation
import StoreTesting
import Testing

@testable import Storage

/// The audit log names users, webhooks and changes by id (`user:5`), so an id is never given
/// out twice, also after the newest row was removed (migration 10 on SQLite).
@Suite struct LastingIDTests {
  @Test(arguments: StoreKind.allCases)
  func removedIDsAreNotGivenAgain(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      func user(_ name: String) throws -> Int64 {
        try store.createUser(
          email: "\(name)@example.com", name: name, passwordHash: "x", role: "admin", now: testNow
        ).id
      }
      let first = try user("ana")
      let second = try user("ben")
      try store.deleteUser(id: second)
      let third = try user("cai")
      #expect(third == second + 1)
      #expect(first < second)

      func hook() throws -> Int64 {
        try store.createWebhook(
          url: "http://127.0.0.1:9/hook", secret: "s", events: ["response.created"], now: testNow
        ).id
      }
      let hookA = try hook()
      try store.deleteWebhook(id: hookA)
      #expect(try hook() == hookA + 1)

      func change(_ title: String) throws -> Int64 {
        try store.createChange(Change(surveyID: nil, title: title, changedAt: testNow)).id
      }
      let changeA = try change("New phone menu")
      try store.deleteChange(id: changeA)
      #expect(try change("Longer hours") == changeA + 1)
    }
  }

  /// A store at version 9 whose newest user, webhook and change were removed (the audit log
  /// still names them) keeps every row and what refers to them through the rebuild, and gives
  /// out ids after the largest one the audit log names.
  @Test func migrationKeepsRowsAndReferencesAndSkipsAuditedIDs() throws {
    try withStore(.sqlite, migrate: false) { store, _ in
      let before = Migrator(migrations: Schema.migrations.filter { $0.version < 10 })
      try before.migrate(store.database, now: testNow)
      #expect(try store.schemaVersion() == 9)
      try store.database.write { connection in
        try connection.executeUnsafeScript(
          """
          INSERT INTO users (id, email, password_hash, role, created_at)
            VALUES (1, 'ana@example.com', 'h', 'admin', 0), (2, 'ben@example.com', 'h', 'member', 0);
          INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at)
            VALUES (x'01', 1, 'c1', 0, 9999999999999), (x'02', 2, 'c2', 0, 9999999999999);
          INSERT INTO responses (id, survey_id, score, responded_at, updated_at, source)
            VALUES (40, 1, 3, 0, 0, 'import');
          INSERT INTO followups (id, response_id, status, owner_user_id, created_at, updated_at)
            VALUES (5, 40, 'contacted', 2, 0, 0);
          INSERT INTO webhooks (id, url, secret, events, created_at)
            VALUES (3, 'http://127.0.0.1:9/a', 's', 'response.created', 0);
          INSERT INTO webhook_deliveries (webhook_id, event, payload, attempted_at)
            VALUES (3, 'response.created', '{}', 0), (3, 'response.created', '{}', 1);
          INSERT INTO changes (id, title, changed_at, created_at, is_public)
            VALUES (1, 'New phone menu', 0, 0, 1);
          INSERT INTO audit_log (at, actor, action, target) VALUES
            (0, 'ana@example.com', 'user.delete', 'user:7'),
            (0, 'ana@example.com', 'webhook.delete', 'webhook:4'),
            (0, 'ana@example.com', 'change.delete', 'change:2'),
            (0, 'ana@example.com', 'survey.update', 'survey:99');
          """)
      }
      #expect(try store.migrate(now: testNow).first == 10)

      #expect(try store.users().map(\.id) == [1, 2])
      #expect(try store.sessionCount(userID: 1, now: testNow) == 1)
      #expect(try store.sessionCount(userID: 2, now: testNow) == 1)
      #expect(try store.followups(status: nil).map(\.ownerUserID) == [2])
      #expect(try store.deliveries(webhookID: 3, limit: 10).count == 2)
      #expect(try store.changes(surveyID: nil).map(\.title) == ["New phone menu"])
      let brokenReferences = try store.database.read { connection in
        try connection.query("PRAGMA foreign_key_check").count
      }
      #expect(brokenReferences == 0)

      let next = try store.createUser(
        email: "cai@example.com", name: "", passwordHash: "h", role: "viewer", now: testNow)
      #expect(next.id == 8)
      let hook = try store.createWebhook(
        url: "http://127.0.0.1:9/b", secret: "s", events: ["response.created"], now: testNow)
      #expect(hook.id == 5)
      let change = try store.createChange(
        Change(surveyID: nil, title: "Longer hours", changedAt: testNow))
      #expect(change.id == 3)
      // Removing a user still ends their sessions (the cascade points at the new table).
      try store.deleteUser(id: 1)
      #expect(try store.sessionCount(userID: 1, now: testNow) == 0)
    }
  }
}
