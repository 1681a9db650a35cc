import Foundation

extension SQLStore {
  // MARK: Changes

  public func createChange(_ change: Change) throws -> Change {
    try write { connection in
      guard
        let row = try connection.queryFirst(
          """
          INSERT INTO changes (survey_id, title, description, changed_at, created_at)
          VALUES (\(change.surveyID), \(change.title), \(change.description), \(change.changedAt),
            \(change.createdAt))
          RETURNING *
          """)
      else { throw StorageError(.query, "the change was not saved") }
      return try Self.change(from: row)
    }
  }

  public func changes(surveyID: Int64?) throws -> [Change] {
    try read { connection in
      let filter: SQLQuery =
        if let surveyID { "WHERE survey_id = \(surveyID) OR survey_id IS NULL" } else { "" }
      return try connection.query("SELECT * FROM changes \(filter) ORDER BY changed_at, id")
        .map(Self.change(from:))
    }
  }

  public func deleteChange(id: Int64) throws {
    let changed = try write { connection in
      try connection.execute("DELETE FROM changes WHERE id = \(id)")
    }
    if changed == 0 { throw StorageError.notFound("change \(id)") }
  }

  static func change(from row: SQLRow) throws -> Change {
    Change(
      id: try row.int("id"), surveyID: row.optionalInt("survey_id"), title: try row.string("title"),
      description: try row.string("description"), changedAt: try row.date("changed_at"),
      createdAt: try row.date("created_at"))
  }

  // MARK: Follow-ups

  public func followup(responseID: Int64, now: Date) throws -> Followup {
    try write { connection in
      try connection.execute(
        """
        INSERT INTO followups (response_id, status, notes, created_at, updated_at)
        VALUES (\(responseID), 'new', '', \(now), \(now))
        ON CONFLICT (response_id) DO NOTHING
        """)
      guard
        let row = try connection.queryFirst(
          "SELECT * FROM followups WHERE response_id = \(responseID)")
      else { throw StorageError.notFound("response \(responseID)") }
      return try Self.followup(from: row)
    }
  }

  /// Sets every field of the response's follow-up (see ``changeFollowup(responseID:change:now:)``
  /// for a change of some fields made from a form).
  public func updateFollowup(
    responseID: Int64, status: FollowupStatus, ownerUserID: Int64?, notes: String, now: Date
  ) throws -> Followup {
    let change = FollowupChange(status: status, owner: .some(ownerUserID), notes: notes)
    switch try changeFollowup(responseID: responseID, change: change, now: now) {
    case .saved(let followup): return followup
    case .stale: throw StorageError(.query, "a follow-up change without a version was stale")
    }
  }

  public func followups(status: FollowupStatus?) throws -> [Followup] {
    try read { connection in
      let filter: SQLQuery = if let status { "WHERE status = \(status.rawValue)" } else { "" }
      return try connection.query("SELECT * FROM followups \(filter) ORDER BY id")
        .map(Self.followup(from:))
    }
  }

  static func followup(from row: SQLRow) throws -> Followup {
    guard let status = FollowupStatus(rawValue: try row.string("status")) else {
      throw StorageError.decoding(column: "status")
    }
    return Followup(
      id: try row.int("id"), responseID: try row.int("response_id"), status: status,
      ownerUserID: row.optionalInt("owner_user_id"), notes: try row.string("notes"),
      createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
  }

  // MARK: Users and sessions

  public func createUser(
    email: String, name: String, passwordHash: String, role: String, now: Date
  ) throws -> User {
    let email = Contact.normalizedEmail(email)
    return try write { connection in
      guard
        let row = try connection.queryFirst(
          """
          INSERT INTO users (email, name, password_hash, role, created_at)
          VALUES (\(email), \(name), \(passwordHash), \(role), \(now))
          RETURNING *
          """)
      else { throw StorageError(.query, "the user was not created") }
      return try Self.user(from: row)
    }
  }

  public func user(id: Int64) throws -> User? {
    try read { connection in
      try connection.queryFirst("SELECT * FROM users WHERE id = \(id)").map(Self.user(from:))
    }
  }

  public func user(email: String) throws -> User? {
    let email = Contact.normalizedEmail(email)
    return try read { connection in
      try connection.queryFirst("SELECT * FROM users WHERE email = \(email)").map(Self.user(from:))
    }
  }

  public func users() throws -> [User] {
    try read { connection in
      try connection.query("SELECT * FROM users ORDER BY id").map(Self.user(from:))
    }
  }

  public func updateUserPassword(id: Int64, passwordHash: String, now: Date) throws {
    let changed = try write { connection in
      try connection.execute("UPDATE users SET password_hash = \(passwordHash) WHERE id = \(id)")
    }
    if changed == 0 { throw StorageError.notFound("user \(id)") }
  }

  public func setUserDisabled(id: Int64, at: Date?) throws {
    let changed = try write { connection in
      try connection.execute("UPDATE users SET disabled_at = \(at) WHERE id = \(id)")
    }
    if changed == 0 { throw StorageError.notFound("user \(id)") }
  }

  static func user(from row: SQLRow) throws -> User {
    User(
      id: try row.int("id"), email: try row.string("email"), name: try row.string("name"),
      passwordHash: try row.string("password_hash"), role: try row.string("role"),
      createdAt: try row.date("created_at"), disabledAt: row.optionalDate("disabled_at"))
  }

  public func createSession(_ session: LoginSession) throws {
    try write { connection in
      try connection.execute(
        """
        INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at)
        VALUES (\(session.idHash), \(session.userID), \(session.csrfToken), \(session.createdAt),
          \(session.expiresAt))
        """)
    }
  }

  public func session(idHash: [UInt8], now: Date) throws -> LoginSession? {
    try read { connection in
      try connection.queryFirst(
        "SELECT * FROM sessions WHERE id_hash = \(idHash) AND expires_at > \(now)"
      ).map { row in
        LoginSession(
          idHash: try row.bytes("id_hash"), userID: try row.int("user_id"),
          csrfToken: try row.string("csrf_token"), createdAt: try row.date("created_at"),
          expiresAt: try row.date("expires_at"))
      }
    }
  }

  public func deleteSession(idHash: [UInt8]) throws {
    try write { connection in
      try connection.execute("DELETE FROM sessions WHERE id_hash = \(idHash)")
    }
  }

  @discardableResult
  public func deleteExpiredSessions(now: Date) throws -> Int {
    try write { connection in
      try connection.execute("DELETE FROM sessions WHERE expires_at <= \(now)")
    }
  }

  public func hitRateLimit(key: String, window: TimeInterval, now: Date) throws -> Int {
    let width = max(Int64(window * 1000), 1)
    let start = now.millisecondsSince1970.floorDivided(by: width) * width
    return try write { connection in
      let row = try connection.queryFirst(
        """
        INSERT INTO rate_limits (key, window_start, hits) VALUES (\(key), \(start), 1)
        ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1
        RETURNING hits
        """)
      return Int(try row?.int("hits") ?? 1)
    }
  }

  public func pruneRateLimits(before: Date) throws {
    try write { connection in
      try connection.execute("DELETE FROM rate_limits WHERE window_start < \(before)")
    }
  }

  // MARK: API keys

  public func createAPIKey(
    name: String, keyHash: [UInt8], prefix: String, scopes: [String], now: Date
  ) throws -> APIKey {
    try write { connection in
      guard
        let row = try connection.queryFirst(
          """
          INSERT INTO api_keys (name, key_hash, prefix, scopes, created_at)
          VALUES (\(name), \(keyHash), \(prefix), \(JSONText.encode(scopes)), \(now))
          RETURNING *
          """)
      else { throw StorageError(.query, "the API key was not created") }
      return try Self.apiKey(from: row)
    }
  }

  public func apiKey(hash: [UInt8], now: Date) throws -> APIKey? {
    try write { connection in
      try connection.queryFirst(
        """
        UPDATE api_keys SET last_used_at = \(now)
        WHERE key_hash = \(hash) AND revoked_at IS NULL
        RETURNING *
        """
      ).map(Self.apiKey(from:))
    }
  }

  public func apiKeys() throws -> [APIKey] {
    try read { connection in
      try connection.query("SELECT * FROM api_keys ORDER BY id").map(Self.apiKey(from:))
    }
  }

  public func revokeAPIKey(id: Int64, at: Date) throws {
    let changed = try write { connection in
      try connection.execute(
        "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, \(at)) WHERE id = \(id)")
    }
    if changed == 0 { throw StorageError.notFound("API key \(id)") }
  }

  static func apiKey(from row: SQLRow) throws -> APIKey {
    APIKey(
      id: try row.int("id"), name: try row.string("name"), keyHash: try row.bytes("key_hash"),
      prefix: try row.string("prefix"), scopes: JSONText.decodeList(row.optionalString("scopes")),
      createdAt: try row.date("created_at"), lastUsedAt: row.optionalDate("last_used_at"),
      revokedAt: row.optionalDate("revoked_at"))
  }
}
