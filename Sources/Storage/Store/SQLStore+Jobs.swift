import Foundation

extension SQLStore {
  // MARK: Webhooks

  public func createWebhook(url: String, secret: String, events: [String], now: Date) throws
    -> Webhook
  {
    try createWebhook(url: url, secret: secret, events: events, surveyID: nil, now: now)
  }

  /// Adds an active webhook for `events`, of one survey or (nil) of all.
  public func createWebhook(
    url: String, secret: String, events: [String], surveyID: Int64?, now: Date
  ) throws -> Webhook {
    try write { connection in
      guard
        let row = try connection.queryFirst(
          """
          INSERT INTO webhooks (url, secret, events, survey_id, active, created_at)
          VALUES (\(url), \(secret), \(JSONText.encode(events)), \(surveyID), 1, \(now))
          RETURNING *
          """)
      else { throw StorageError(.query, "the webhook was not created") }
      return try Self.webhook(from: row)
    }
  }

  public func webhooks() throws -> [Webhook] {
    try read { connection in
      try connection.query("SELECT * FROM webhooks ORDER BY id").map(Self.webhook(from:))
    }
  }

  public func setWebhookActive(id: Int64, active: Bool) throws {
    let changed = try write { connection in
      try connection.execute("UPDATE webhooks SET active = \(active) WHERE id = \(id)")
    }
    if changed == 0 { throw StorageError.notFound("webhook \(id)") }
  }

  public func deleteWebhook(id: Int64) throws {
    let changed = try write { connection in
      try connection.execute("DELETE FROM webhooks WHERE id = \(id)")
    }
    if changed == 0 { throw StorageError.notFound("webhook \(id)") }
  }

  static func webhook(from row: SQLRow) throws -> Webhook {
    Webhook(
      id: try row.int("id"), url: try row.string("url"), secret: try row.string("secret"),
      events: JSONText.decodeList(row.optionalString("events")),
      surveyID: row.optionalInt("survey_id"), active: try row.bool("active"),
      createdAt: try row.date("created_at"))
  }

  public func recordDelivery(
    webhookID: Int64, jobID: Int64?, event: String, payload: String, responseStatus: Int?,
    error: String?, at: Date
  ) throws {
    try write { connection in
      try connection.execute(
        """
        INSERT INTO webhook_deliveries (webhook_id, job_id, event, payload, response_status,
          error, attempted_at)
        VALUES (\(webhookID), \(jobID), \(event), \(payload), \(responseStatus), \(error), \(at))
        """)
    }
  }

  public func deliveries(webhookID: Int64, limit: Int) throws -> [WebhookDelivery] {
    try read { connection in
      try connection.query(
        """
        SELECT * FROM webhook_deliveries WHERE webhook_id = \(webhookID)
        ORDER BY attempted_at DESC, id DESC LIMIT \(limit)
        """
      ).map { row in
        WebhookDelivery(
          id: try row.int("id"), webhookID: try row.int("webhook_id"),
          jobID: row.optionalInt("job_id"), event: try row.string("event"),
          payload: try row.string("payload"),
          responseStatus: row.optionalInt("response_status").map(Int.init),
          error: row.optionalString("error"), attemptedAt: try row.date("attempted_at"))
      }
    }
  }

  // MARK: Jobs

  public func enqueueJob(
    kind: String, payload: String, uniqueKey: String?, runAfter: Date, now: Date
  ) throws -> Job? {
    try write { connection in
      try connection.queryFirst(
        """
        INSERT INTO jobs (kind, payload, unique_key, status, run_after, created_at)
        VALUES (\(kind), \(payload), \(uniqueKey), 'pending', \(runAfter), \(now))
        ON CONFLICT (unique_key) DO NOTHING
        RETURNING *
        """
      ).map(Self.job(from:))
    }
  }

  public func leaseDueJobs(
    now: Date, limit: Int, leaseFor: TimeInterval, worker: String, kinds: [String]?
  ) throws -> [Job] {
    let until = now.addingTimeInterval(leaseFor)
    var kindFilter: SQLQuery = ""
    if let kinds {
      if kinds.isEmpty { return [] }
      let list = SQLQuery.joined(kinds.map { "\($0)" }, separator: ", ")
      kindFilter = " AND kind IN (\(list))"
    }
    return try write { connection in
      try connection.query(
        """
        UPDATE jobs SET lease_owner = \(worker), lease_until = \(until), attempts = attempts + 1
        WHERE id IN (
          SELECT id FROM jobs
          WHERE status = 'pending' AND run_after <= \(now)
            AND (lease_until IS NULL OR lease_until <= \(now))\(kindFilter)
          ORDER BY run_after, id LIMIT \(limit)\(unsafe: connection.dialect.skipLocked))
        RETURNING *
        """
      ).map(Self.job(from:)).sorted { ($0.runAfter, $0.id) < ($1.runAfter, $1.id) }
    }
  }

  public func completeJob(id: Int64, at: Date) throws {
    try changeJob(
      id,
      """
      UPDATE jobs SET status = 'done', finished_at = \(at), lease_owner = NULL, lease_until = NULL
      WHERE id = \(id)
      """)
  }

  public func retryJob(id: Int64, error: String, nextAttempt: Date) throws {
    try changeJob(
      id,
      """
      UPDATE jobs SET run_after = \(nextAttempt), last_error = \(error), lease_owner = NULL,
        lease_until = NULL
      WHERE id = \(id)
      """)
  }

  public func failJob(id: Int64, error: String, at: Date) throws {
    try changeJob(
      id,
      """
      UPDATE jobs SET status = 'failed', last_error = \(error), finished_at = \(at),
        lease_owner = NULL, lease_until = NULL
      WHERE id = \(id)
      """)
  }

  public func job(id: Int64) throws -> Job? {
    try read { connection in
      try connection.queryFirst("SELECT * FROM jobs WHERE id = \(id)").map(Self.job(from:))
    }
  }

  private func changeJob(_ id: Int64, _ query: SQLQuery) throws {
    let changed = try write { connection in try connection.execute(query) }
    if changed == 0 { throw StorageError.notFound("job \(id)") }
  }

  static func job(from row: SQLRow) throws -> Job {
    guard let status = Job.Status(rawValue: try row.string("status")) else {
      throw StorageError.decoding(column: "status")
    }
    return Job(
      id: try row.int("id"), kind: try row.string("kind"), payload: try row.string("payload"),
      uniqueKey: row.optionalString("unique_key"), status: status,
      runAfter: try row.date("run_after"), attempts: Int(try row.int("attempts")),
      leaseOwner: row.optionalString("lease_owner"), leaseUntil: row.optionalDate("lease_until"),
      lastError: row.optionalString("last_error"), finishedAt: row.optionalDate("finished_at"),
      createdAt: try row.date("created_at"))
  }

  // MARK: Audit log

  public func appendAudit(_ entry: AuditEntry) throws {
    try write { connection in
      try connection.execute(
        """
        INSERT INTO audit_log (at, actor, action, target, detail)
        VALUES (\(entry.at), \(entry.actor), \(entry.action), \(entry.target), \(entry.detail))
        """)
    }
  }

  public func auditLog(limit: Int) throws -> [AuditEntry] {
    try read { connection in
      try connection.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT \(limit)")
        .map(Self.auditEntry(from:))
    }
  }

  public func auditEntries(_ query: AuditQuery) throws -> [AuditEntry] {
    var conditions: [SQLQuery] = ["1 = 1"]
    if let actor = query.actor { conditions.append("actor = \(actor)") }
    if let kind = query.targetKind {
      let prefix = kind + ":"
      // substr instead of LIKE, so no character of the kind is a wildcard.
      conditions.append("substr(target, 1, CAST(\(prefix.count) AS INTEGER)) = \(prefix)")
    }
    if let before = query.beforeID { conditions.append("id < \(before)") }
    let whereClause = SQLQuery.joined(conditions, separator: " AND ")
    return try read { connection in
      try connection.query(
        "SELECT * FROM audit_log WHERE \(whereClause) ORDER BY id DESC LIMIT \(query.limit)"
      ).map(Self.auditEntry(from:))
    }
  }

  static func auditEntry(from row: SQLRow) throws -> AuditEntry {
    AuditEntry(
      id: try row.int("id"), at: try row.date("at"), actor: try row.string("actor"),
      action: try row.string("action"), target: try row.string("target"),
      detail: try row.string("detail"))
  }
}
