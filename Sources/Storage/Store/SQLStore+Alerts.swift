import Foundation
import NPSCore

extension SQLStore {
  // MARK: Inside the transaction of a response

  /// Queues what a saved answer raises, in the answer's own transaction (so an event is never
  /// lost, and never sent for a write that rolled back): one `webhook.deliver` job per active
  /// webhook listening to each event (for the answer's survey or all surveys), and one
  /// `alert.email` job for a new detractor when the survey has alert addresses.
  ///
  /// Events: `response.created` for a first answer, `response.changed` when the score or
  /// comment changed, and `response.detractor` when the new score is 0-6 and the response was
  /// not a detractor before. Imports never come here.
  static func enqueueAlerts(
    _ result: SurveyAnswerResult, at now: Date, _ connection: any DatabaseConnection
  ) throws {
    guard result.changed else { return }
    let response = result.response
    var kinds: [AlertEventKind] = [result.previous == nil ? .responseCreated : .responseChanged]
    if response.score.category == .detractor, result.previous?.score.category != .detractor {
      kinds.append(.responseDetractor)
    }
    let hooks = try connection.query(
      """
      SELECT * FROM webhooks
      WHERE active = 1 AND (survey_id IS NULL OR survey_id = \(response.surveyID))
      ORDER BY id
      """
    ).map(webhook(from:))
    let detractor = kinds.contains(.responseDetractor)
    let wanted = kinds.filter { kind in hooks.contains { $0.events.contains(kind.rawValue) } }
    guard !wanted.isEmpty || detractor else { return }
    guard
      let surveyRow = try connection.queryFirst(
        "SELECT id, slug, name, alert_emails FROM surveys WHERE id = \(response.surveyID)")
    else { return }
    let recipients = JSONText.decodeList(surveyRow.optionalString("alert_emails"))
    guard !wanted.isEmpty || !recipients.isEmpty else { return }
    var contact: AlertEvent.ContactInfo?
    if let contactID = response.contactID,
      let row = try connection.queryFirst(
        "SELECT id, email, name FROM contacts WHERE id = \(contactID)")
    {
      contact = AlertEvent.ContactInfo(
        id: try row.int("id"), email: try row.string("email"), name: row.optionalString("name"))
    }
    let survey = AlertEvent.SurveyInfo(
      id: try surveyRow.int("id"), slug: try surveyRow.string("slug"),
      name: try surveyRow.string("name"))
    let info = AlertEvent.ResponseInfo(
      id: response.id, score: response.score.value,
      category: response.score.category.rawValue, previousScore: result.previous?.score.value,
      comment: response.comment, respondedAt: response.respondedAt, updatedAt: now,
      source: response.source.rawValue, properties: response.properties)
    for kind in kinds {
      let event = AlertEvent(
        id: "evt_" + UUID().uuidString.lowercased(), event: kind, occurredAt: now, survey: survey,
        response: info, contact: contact)
      for hook in hooks where hook.events.contains(kind.rawValue) {
        let payload = try AlertJSON.encode(WebhookJobPayload(webhookID: hook.id, event: event))
        try insertJob(kind: AlertJobKind.webhook, payload: payload, now: now, connection)
      }
      if kind == .responseDetractor, !recipients.isEmpty {
        let payload = try AlertJSON.encode(
          AlertEmailJobPayload(recipients: recipients, event: event))
        try insertJob(kind: AlertJobKind.email, payload: payload, now: now, connection)
      }
    }
  }

  private static func insertJob(
    kind: String, payload: String, now: Date, _ connection: any DatabaseConnection
  ) throws {
    try connection.execute(
      """
      INSERT INTO jobs (kind, payload, status, run_after, created_at)
      VALUES (\(kind), \(payload), 'pending', \(now), \(now))
      """)
  }

  // MARK: Webhooks and deliveries

  public func webhook(id: Int64) throws -> Webhook? {
    try read { connection in
      try connection.queryFirst("SELECT * FROM webhooks WHERE id = \(id)").map(Self.webhook(from:))
    }
  }

  /// Records one delivery attempt and settles its job in one transaction.
  public func recordDeliveryAttempt(
    job: Job, webhookID: Int64, event: String, payload: String, responseStatus: Int?,
    error: String?, at: Date, outcome: JobOutcome
  ) throws {
    try write { connection in
      try connection.execute(
        """
        INSERT INTO webhook_deliveries (webhook_id, job_id, event, payload, response_status,
          error, attempted_at)
        VALUES (\(webhookID), \(job.id), \(event), \(payload), \(responseStatus), \(error), \(at))
        """)
      try Self.settle(job.id, outcome, error: error, at: at, connection)
    }
  }

  /// Ends a job's lease with `outcome` (done, a retry at a time, or failed).
  public func settleJob(id: Int64, _ outcome: JobOutcome, error: String?, at: Date) throws {
    try write { connection in try Self.settle(id, outcome, error: error, at: at, connection) }
  }

  /// Puts a leased job back until `until` without counting the lease as an attempt.
  public func postponeJob(id: Int64, until: Date) throws {
    let changed = try write { connection in
      try connection.execute(
        """
        UPDATE jobs SET run_after = \(until), attempts = attempts - 1, lease_owner = NULL,
          lease_until = NULL
        WHERE id = \(id) AND status = 'pending'
        """)
    }
    if changed == 0 { throw StorageError.notFound("job \(id)") }
  }

  /// The jobs of some kinds, newest first (the settings page and `nps webhook deliveries`).
  public func jobs(kinds: [String], limit: Int) throws -> [Job] {
    guard !kinds.isEmpty else { return [] }
    let list = SQLQuery.joined(kinds.map { "\($0)" }, separator: ", ")
    return try read { connection in
      try connection.query(
        "SELECT * FROM jobs WHERE kind IN (\(list)) ORDER BY id DESC LIMIT \(limit)"
      ).map(Self.job(from:))
    }
  }

  private static func settle(
    _ id: Int64, _ outcome: JobOutcome, error: String?, at: Date,
    _ connection: any DatabaseConnection
  ) throws {
    let query: SQLQuery
    switch outcome {
    case .done:
      query = """
        UPDATE jobs SET status = 'done', finished_at = \(at), last_error = \(error),
          lease_owner = NULL, lease_until = NULL
        WHERE id = \(id)
        """
    case .retry(let next):
      query = """
        UPDATE jobs SET run_after = \(next), last_error = \(error), lease_owner = NULL,
          lease_until = NULL
        WHERE id = \(id)
        """
    case .failed:
      query = """
        UPDATE jobs SET status = 'failed', finished_at = \(at), last_error = \(error),
          lease_owner = NULL, lease_until = NULL
        WHERE id = \(id)
        """
    }
    if try connection.execute(query) == 0 { throw StorageError.notFound("job \(id)") }
  }
}

/// How a leased job ends.
public enum JobOutcome: Sendable, Hashable {
  case done
  /// Free the lease and try again at this time.
  case retry(Date)
  case failed
}
