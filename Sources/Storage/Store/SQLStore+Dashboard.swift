import Foundation
import NPSCore

/// The dashboard's queries: public changes, the login rate limit, one-time setup tokens,
/// user administration and comment counts.
extension SQLStore {
  // MARK: Changes shown on the public page

  /// Marks a change as shown (or not) on the survey's public page; throws `.notFound`.
  public func setChangePublic(id: Int64, isPublic: Bool) throws {
    let changed = try write { connection in
      try connection.execute("UPDATE changes SET is_public = \(isPublic ? 1 : 0) WHERE id = \(id)")
    }
    if changed == 0 { throw StorageError.notFound("change \(id)") }
  }

  /// The ids of the public changes of a survey (and of changes for every survey).
  public func publicChangeIDs(surveyID: Int64?) throws -> Set<Int64> {
    try read { connection in
      let filter: SQLQuery =
        if let surveyID { "AND (survey_id = \(surveyID) OR survey_id IS NULL)" } else { "" }
      return Set(
        try connection.query("SELECT id FROM changes WHERE is_public <> 0 \(filter)")
          .map { try $0.int("id") })
    }
  }

  // MARK: Login rate limit

  /// Records one failed login for `key` (e.g. `ip:127.0.0.1`, `email:a@b.c`) and forgets
  /// attempts older than `forgetBefore`.
  public func recordLoginFailure(key: String, at: Date, forgetBefore: Date) throws {
    try write { connection in
      try connection.execute("DELETE FROM login_attempts WHERE at < \(forgetBefore)")
      try connection.execute(
        "INSERT INTO login_attempts (attempt_key, at) VALUES (\(key), \(at))")
    }
  }

  /// How many failed logins `key` has since `since`.
  public func loginFailures(key: String, since: Date) throws -> Int {
    try read { connection in
      let row = try connection.queryFirst(
        "SELECT count(*) AS n FROM login_attempts WHERE attempt_key = \(key) AND at >= \(since)")
      return Int(row?.optionalInt("n") ?? 0)
    }
  }

  /// Forgets the failed logins of `key` (after a successful login).
  public func clearLoginFailures(key: String) throws {
    try write { connection in
      try connection.execute("DELETE FROM login_attempts WHERE attempt_key = \(key)")
    }
  }

  // MARK: One-time setup tokens

  /// Stores the hash of a setup token valid until `expiresAt`.
  public func createSetupToken(hash: [UInt8], now: Date, expiresAt: Date) throws {
    try write { connection in
      try connection.execute(
        """
        INSERT INTO setup_tokens (token_hash, created_at, expires_at)
        VALUES (\(hash), \(now), \(expiresAt))
        """)
    }
  }

  /// Whether the token is unused and unexpired (does not use it).
  public func isSetupTokenValid(hash: [UInt8], now: Date) throws -> Bool {
    try read { connection in
      try connection.queryFirst(
        """
        SELECT 1 AS ok FROM setup_tokens
        WHERE token_hash = \(hash) AND used_at IS NULL AND expires_at > \(now)
        """) != nil
    }
  }

  /// Creates the first admin with a setup token, in one transaction: the token is used up and
  /// the user created only if the token is valid and there is still no user. Nil otherwise.
  public func createFirstUser(
    tokenHash: [UInt8], email: String, name: String, passwordHash: String, now: Date
  ) throws -> User? {
    let email = Contact.normalizedEmail(email)
    return try write { connection -> User? in
      let used = try connection.execute(
        """
        UPDATE setup_tokens SET used_at = \(now)
        WHERE token_hash = \(tokenHash) AND used_at IS NULL AND expires_at > \(now)
        """)
      guard used == 1 else { return nil }
      let count = try connection.queryFirst("SELECT count(*) AS n FROM users")?.optionalInt("n")
      guard count == 0 else { return nil }
      guard
        let row = try connection.queryFirst(
          """
          INSERT INTO users (email, name, password_hash, role, created_at)
          VALUES (\(email), \(name), \(passwordHash), 'admin', \(now))
          RETURNING *
          """)
      else { throw StorageError(.query, "the user was not created") }
      return try Self.user(from: row)
    }
  }

  // MARK: Users

  /// The number of users (enabled or not).
  public func userCount() throws -> Int {
    try read { connection in
      Int(try connection.queryFirst("SELECT count(*) AS n FROM users")?.optionalInt("n") ?? 0)
    }
  }

  /// Changes a user's role and whether the user is disabled; a disabled user's sessions end.
  public func updateUser(id: Int64, role: String, disabled: Bool, now: Date) throws {
    let changed = try write { connection in
      let count = try connection.execute(
        """
        UPDATE users SET role = \(role),
          disabled_at = CASE WHEN \(disabled ? 1 : 0) = 1 THEN COALESCE(disabled_at, \(now))
            ELSE NULL END
        WHERE id = \(id)
        """)
      if disabled { try connection.execute("DELETE FROM sessions WHERE user_id = \(id)") }
      return count
    }
    if changed == 0 { throw StorageError.notFound("user \(id)") }
  }

  /// Sets a user's password hash and ends the user's sessions, all but `keepingSession` (the
  /// id hash of the session that changed its own password), in one transaction.
  public func setPassword(userID: Int64, passwordHash: String, keepingSession: [UInt8]? = nil)
    throws
  {
    let changed = try write { connection in
      let count = try connection.execute(
        "UPDATE users SET password_hash = \(passwordHash) WHERE id = \(userID)")
      if let keepingSession {
        try connection.execute(
          "DELETE FROM sessions WHERE user_id = \(userID) AND id_hash <> \(keepingSession)")
      } else {
        try connection.execute("DELETE FROM sessions WHERE user_id = \(userID)")
      }
      return count
    }
    if changed == 0 { throw StorageError.notFound("user \(userID)") }
  }

  /// Removes a user in one transaction: the user's sessions end, follow-ups they owned lose
  /// their owner (notes and status stay), the audit log keeps their email. Throws `.notFound`.
  public func deleteUser(id: Int64) throws {
    let changed = try write { connection in
      try connection.execute("DELETE FROM sessions WHERE user_id = \(id)")
      try connection.execute(
        "UPDATE followups SET owner_user_id = NULL WHERE owner_user_id = \(id)")
      return try connection.execute("DELETE FROM users WHERE id = \(id)")
    }
    if changed == 0 { throw StorageError.notFound("user \(id)") }
  }

  /// The number of unexpired sessions of a user.
  public func sessionCount(userID: Int64, now: Date) throws -> Int {
    try read { connection in
      Int(
        try connection.queryFirst(
          "SELECT count(*) AS n FROM sessions WHERE user_id = \(userID) AND expires_at > \(now)")?
          .optionalInt("n") ?? 0)
    }
  }

  // MARK: Comments

  /// How many responses in the range have a non-empty comment: whole UTC hours from
  /// `comment_rollups`, the edges under an hour from the rows (partial index).
  public func commentCount(surveyID: Int64, range: Range<Date>) throws -> Int {
    let start = range.lowerBound.millisecondsSince1970
    let end = range.upperBound.millisecondsSince1970
    let hour: Int64 = 3_600_000
    let firstHour = (start + hour - 1) / hour
    let lastHour = end / hour
    return try read { connection in
      func rows(_ from: Int64, _ to: Int64) throws -> Int {
        guard from < to else { return 0 }
        let row = try connection.queryFirst(
          """
          SELECT count(*) AS n FROM responses
          WHERE survey_id = \(surveyID) AND responded_at >= \(from) AND responded_at < \(to)
            AND comment IS NOT NULL AND comment <> ''
          """)
        return Int(row?.optionalInt("n") ?? 0)
      }
      guard start >= 0, firstHour < lastHour else { return try rows(start, end) }
      let row = try connection.queryFirst(
        """
        SELECT sum(n) AS n FROM comment_rollups
        WHERE survey_id = \(surveyID) AND hour >= \(firstHour) AND hour < \(lastHour)
        """)
      return Int(row?.optionalInt("n") ?? 0) + (try rows(start, firstHour * hour))
        + (try rows(lastHour * hour, end))
    }
  }

  /// The follow-ups of the given responses, by response id (none are created).
  public func followups(responseIDs: [Int64]) throws -> [Int64: Followup] {
    guard !responseIDs.isEmpty else { return [:] }
    return try read { connection in
      let ids = SQLQuery.joined(responseIDs.map { "\($0)" }, separator: ", ")
      var result: [Int64: Followup] = [:]
      for row in try connection.query("SELECT * FROM followups WHERE response_id IN (\(ids))") {
        let followup = try Self.followup(from: row)
        result[followup.responseID] = followup
      }
      return result
    }
  }
}

extension SQLStore {
  /// The newest non-empty comments of a category in a range (and segment), text and the
  /// contact's locale only: for comment themes, without decoding whole responses. With a
  /// segment they are read through `comment_segments` (the segment's commented responses by
  /// date), so a small segment does not step over the period's other comments (at 10M
  /// responses 44,000 of them for the promoters of one plan in four: 45 ms on SQLite,
  /// 400 ms on PostgreSQL). Survey, period, category and comment are tested on the response
  /// itself; the segment is `comment_segments`' own, which the triggers write from the same
  /// `properties` as `response_properties` in the same transaction (probing
  /// `response_properties` as well cost PostgreSQL 25 ms more per 2,000 comments at 10M).
  /// On PostgreSQL in a transaction that keeps its planner on that path: it estimates the
  /// response's repeated conditions as independent of the segment's, so it expects a few
  /// dozen rows and otherwise joins the period's million comments and sorts them (2.8 s).
  public func commentTexts(
    surveyID: Int64, range: Range<Date>, category: Category, segment: SegmentFilter?, limit: Int
  ) throws -> [ThemeComment] {
    func scores(_ table: SQLQuery) -> SQLQuery {
      switch category {
      case .promoter: "\(table).score >= 9"
      case .passive: "\(table).score BETWEEN 7 AND 8"
      case .detractor: "\(table).score <= 6"
      }
    }
    let conditions: SQLQuery = """
      r.survey_id = \(surveyID) AND r.responded_at >= \(range.lowerBound)
        AND r.responded_at < \(range.upperBound) AND \(scores("r"))
        AND r.comment IS NOT NULL AND r.comment <> ''
      """
    let select: SQLQuery
    if let segment {
      // SQLite's CROSS JOIN keeps `comment_segments` the outer loop (PostgreSQL has no ON
      // with CROSS JOIN; its planner walks the primary key of `comment_segments` by itself).
      let join: SQLQuery = dialect == .sqlite ? "CROSS JOIN" : "JOIN"
      select = """
        SELECT r.comment AS comment, c.locale AS locale FROM comment_segments s
        \(join) responses r ON r.id = s.response_id
        LEFT JOIN contacts c ON c.id = r.contact_id
        WHERE s.survey_id = \(surveyID) AND s.name = \(segment.name) AND s.value = \(segment.value)
          AND s.responded_at >= \(range.lowerBound) AND s.responded_at < \(range.upperBound)
          AND \(scores("s")) AND \(conditions)
        ORDER BY s.responded_at DESC LIMIT \(limit)
        """
    } else {
      select = """
        SELECT r.comment AS comment, c.locale AS locale FROM responses r
        LEFT JOIN contacts c ON c.id = r.contact_id
        WHERE \(conditions)
        ORDER BY r.responded_at DESC LIMIT \(limit)
        """
    }
    let settings: [SQLQuery] =
      segment != nil && dialect == .postgres
      ? [
        "SET LOCAL enable_hashjoin = off", "SET LOCAL enable_mergejoin = off",
        "SET LOCAL enable_sort = off", "SET LOCAL max_parallel_workers_per_gather = 0",
        "SET LOCAL jit = off",
      ] : []
    return try readSettled(settings) { connection in
      try connection.query(select).compactMap { row in
        row.optionalString("comment").map { ThemeComment($0, locale: row.optionalString("locale")) }
      }
    }
  }

  /// Runs a read; with PostgreSQL `SET LOCAL` settings, in a transaction they last for.
  func readSettled<T: Sendable>(
    _ settings: [SQLQuery], _ body: (any DatabaseConnection) throws -> T
  ) throws -> T {
    guard !settings.isEmpty else { return try read(body) }
    return try read { connection in
      try connection.execute("BEGIN")
      do {
        for setting in settings { try connection.execute(setting) }
        let result = try body(connection)
        try connection.execute("COMMIT")
        return result
      } catch {
        _ = try? connection.execute("ROLLBACK")
        throw error
      }
    }
  }
}
