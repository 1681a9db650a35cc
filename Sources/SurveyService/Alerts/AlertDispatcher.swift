import Foundation
import HTTPClient
import Mail
import Storage

/// Delivers queued alerts: signed webhook POSTs and the team's detractor emails.
///
/// The jobs were queued in the transaction of the response (see `SQLStore.enqueueAlerts`).
/// Each pass leases due jobs from the store (`FOR UPDATE SKIP LOCKED` on PostgreSQL, the one
/// writer on SQLite), so two workers never hold the same job; a worker that dies leaves its
/// lease to expire and the job runs again (at-least-once: the event id stays the same).
///
/// Webhooks: a 2xx answer delivers; any other status, or no answer, is retried with
/// exponential backoff (``Options/retryDelay`` doubling up to ``Options/maxRetryDelay``) until
/// ``Options/maxAttempts`` attempts, then the job fails. Every attempt is one row of
/// `webhook_deliveries` (status, error, time), written in the same transaction as the job's
/// new state.
///
/// Threading: one pass at a time per dispatcher (the worker's loop thread).
public struct AlertDispatcher: Sendable {
  public struct Options: Sendable, Hashable {
    public var batchSize = 50
    public var leaseSeconds: TimeInterval = 120
    /// Attempts before a webhook delivery or an email fails for good.
    public var maxAttempts = 8
    public var retryDelay: TimeInterval = 30
    public var maxRetryDelay: TimeInterval = 3600
    /// How long a detractor email waits after the score, so a comment written just after it
    /// is in the email (`NPS_ALERT_EMAIL_DELAY_SECONDS`).
    public var emailDelay: TimeInterval = 120
    public var http = CurlHTTPClient.Configuration()

    public init() {}

    /// Defaults with the tuning settings applied where set (`NPS_WEBHOOK_TIMEOUT_SECONDS`,
    /// `NPS_WEBHOOK_MAX_ATTEMPTS`, `NPS_WEBHOOK_RETRY_SECONDS`, `NPS_ALERT_EMAIL_DELAY_SECONDS`).
    public init(tuning: TuningSettings) {
      if let value = tuning.webhookTimeoutSeconds {
        http.totalTimeout = .milliseconds(Int(value * 1000))
        http.connectTimeout = .milliseconds(Int(min(value, 5) * 1000))
      }
      if let value = tuning.webhookMaxAttempts { maxAttempts = value }
      if let value = tuning.webhookRetrySeconds { retryDelay = value }
      if let value = tuning.alertEmailDelaySeconds { emailDelay = value }
    }
  }

  /// What one pass did.
  public struct Pass: Sendable, Hashable {
    public var leased = 0
    public var delivered = 0
    public var emailed = 0
    public var retried = 0
    public var failed = 0
    /// Emails put back until their delay has passed, or no longer needed.
    public var postponed = 0
    public var skipped = 0
    public init() {}
  }

  let context: ServiceContext
  let options: Options
  let worker: String
  let client: CurlHTTPClient

  public init(context: ServiceContext, options: Options, worker: String) {
    self.context = context
    self.options = options
    self.worker = worker
    self.client = CurlHTTPClient(configuration: options.http)
  }

  /// Leases due alert jobs and runs each. Store errors propagate.
  @discardableResult
  public func runOnce(now: Date) throws -> Pass {
    var pass = Pass()
    let jobs = try context.store.leaseDueJobs(
      now: now, limit: options.batchSize, leaseFor: options.leaseSeconds, worker: worker,
      kinds: AlertJobKind.all)
    pass.leased = jobs.count
    for job in jobs {
      switch job.kind {
      case AlertJobKind.webhook: try deliver(job, now: now, pass: &pass)
      case AlertJobKind.email: try email(job, now: now, pass: &pass)
      default: break
      }
    }
    return pass
  }

  // MARK: Webhooks

  private func deliver(_ job: Job, now: Date, pass: inout Pass) throws {
    let store = context.store
    let payload: WebhookJobPayload
    do { payload = try AlertJSON.decode(WebhookJobPayload.self, from: job.payload) } catch {
      try store.settleJob(id: job.id, .failed, error: "unreadable payload: \(error)", at: now)
      pass.failed += 1
      return
    }
    // A webhook made after the job is not the one it was queued for: SQLite gives a removed
    // webhook's id to the next one added, which must not receive the old one's events.
    guard let hook = try store.webhook(id: payload.webhookID), hook.active,
      hook.createdAt <= job.createdAt
    else {
      try store.settleJob(id: job.id, .done, error: "webhook removed or disabled", at: now)
      pass.skipped += 1
      return
    }
    let body = Array(try payload.event.json().utf8)
    let timestamp = Int64(now.timeIntervalSince1970.rounded(.down))
    let request = HTTPClientRequest(
      method: .post, url: hook.url,
      headers: [
        HTTPClientHeader("Content-Type", "application/json"),
        HTTPClientHeader("X-NPS-Event", payload.event.event.rawValue),
        HTTPClientHeader("X-NPS-Event-ID", payload.event.id),
        HTTPClientHeader(WebhookSignature.timestampHeader, String(timestamp)),
        HTTPClientHeader(
          WebhookSignature.signatureHeader,
          WebhookSignature.sign(secret: hook.secret, timestamp: timestamp, body: body)),
      ], body: body)
    var status: Int?
    var failure: String?
    do {
      let response = try client.send(request)
      status = response.status
      if !response.isSuccess {
        let excerpt = String(decoding: response.body.prefix(200), as: UTF8.self)
        failure = "HTTP \(response.status)" + (excerpt.isEmpty ? "" : ": \(excerpt)")
      }
    } catch {
      failure = error.description
    }
    let outcome = self.outcome(job, succeeded: failure == nil, now: now)
    try store.recordDeliveryAttempt(
      job: job, webhookID: hook.id, event: payload.event.event.rawValue,
      payload: String(decoding: body, as: UTF8.self), responseStatus: status, error: failure,
      at: now, outcome: outcome)
    count(outcome, into: &pass, success: \.delivered)
    if let failure {
      context.logger.info("webhook \(hook.id) job \(job.id) attempt \(job.attempts): \(failure)")
    }
  }

  // MARK: Team email

  private func email(_ job: Job, now: Date, pass: inout Pass) throws {
    let store = context.store
    let payload: AlertEmailJobPayload
    do { payload = try AlertJSON.decode(AlertEmailJobPayload.self, from: job.payload) } catch {
      try store.settleJob(id: job.id, .failed, error: "unreadable payload: \(error)", at: now)
      pass.failed += 1
      return
    }
    let due = payload.event.occurredAt.addingTimeInterval(options.emailDelay)
    if due > now {
      try store.postponeJob(id: job.id, until: due)
      pass.postponed += 1
      return
    }
    // The response as it is now: a comment sent after the score is included; a score changed
    // to passive or promoter (or a deleted response) no longer needs the team.
    guard let response = try store.response(id: payload.event.response.id),
      response.score.category == .detractor
    else {
      try store.settleJob(id: job.id, .done, error: "no longer a detractor", at: now)
      pass.skipped += 1
      return
    }
    let mail = DetractorEmail(
      event: payload.event, response: response, recipients: payload.recipients, context: context)
    let message: MailMessage
    do { message = try mail.message(date: now) } catch {
      try store.settleJob(id: job.id, .failed, error: "cannot write the email: \(error)", at: now)
      pass.failed += 1
      return
    }
    do {
      try context.mail.send(message)
      try store.settleJob(id: job.id, .done, error: nil, at: now)
      pass.emailed += 1
    } catch let error as MailSendError {
      let outcome: JobOutcome =
        error.kind == .temporary ? self.outcome(job, succeeded: false, now: now) : .failed
      try store.settleJob(id: job.id, outcome, error: error.debugDescription, at: now)
      count(outcome, into: &pass, success: \.emailed)
      context.logger.info("alert email job \(job.id): \(error.debugDescription)")
    }
  }

  // MARK: Retries

  /// Done on success; otherwise another attempt after the backoff, or failed after the last.
  func outcome(_ job: Job, succeeded: Bool, now: Date) -> JobOutcome {
    if succeeded { return .done }
    if job.attempts >= options.maxAttempts { return .failed }
    return .retry(now.addingTimeInterval(retryDelay(afterAttempt: job.attempts)))
  }

  /// 30 s, 60 s, 120 s… after attempts 1, 2, 3…, capped.
  func retryDelay(afterAttempt attempt: Int) -> TimeInterval {
    min(options.maxRetryDelay, options.retryDelay * pow(2, Double(max(0, attempt - 1))))
  }

  private func count(
    _ outcome: JobOutcome, into pass: inout Pass, success: WritableKeyPath<Pass, Int>
  ) {
    switch outcome {
    case .done: pass[keyPath: success] += 1
    case .retry: pass.retried += 1
    case .failed: pass.failed += 1
    }
  }
}
