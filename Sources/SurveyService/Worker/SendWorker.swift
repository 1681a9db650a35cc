import Dispatch
import Foundation
import Mail
import NPSCore
import Storage
import Synchronization

/// Sends due invitations and reminders.
///
/// Each pass leases a batch of due invitations from the store (so several workers, in this
/// process or others, share one queue), checks suppression again at send time, renders and
/// sends each email, and records the Message-ID and time. A temporary failure is retried with
/// exponential backoff up to ``Options/maxAttempts``; a permanent refusal of the recipient marks
/// the contact bounced. A worker that dies mid-send leaves its leases to expire; the next
/// worker resends with the same Message-ID (at-least-once delivery). After each pass the
/// loop runs the alert jobs (``AlertDispatcher``: webhooks and the team's detractor emails).
///
/// Threading: `start()` runs passes on one background thread until `stop()`; `runOnce(now:)`
/// runs one pass on the caller's thread (tests). Do not call `runOnce` while started.
public final class SendWorker: Sendable {
  /// How the worker paces itself.
  public struct Options: Sendable, Hashable {
    /// Wait between passes when there was nothing to do.
    public var pollInterval: Duration = .milliseconds(500)
    /// Invitations leased per pass.
    public var batchSize = 100
    /// How long a lease lasts; a worker that dies holds its invitations this long.
    public var leaseSeconds: TimeInterval = 120
    /// Attempts (leases) before an invitation that keeps failing temporarily is marked failed.
    public var maxAttempts = 8
    /// The first retry delay; each later one doubles, up to ``maxRetryDelay``.
    public var retryDelay: TimeInterval = 60
    public var maxRetryDelay: TimeInterval = 6 * 3600
    /// Render emails one chunk ahead on other threads while sending (`NPS_WORKER_RENDER_AHEAD`,
    /// 1 or 0; on by default where there is more than one core): rendering and the SMTP round
    /// trips then overlap instead of adding up.
    public var renderAhead = ProcessInfo.processInfo.activeProcessorCount > 1

    public init() {}

    /// Defaults with the tuning settings applied where set (`NPS_WORKER_LEASE_SECONDS`,
    /// `NPS_WORKER_RETRY_SECONDS`, `NPS_WORKER_BATCH`, `NPS_WORKER_POLL_MS`,
    /// `NPS_WORKER_RENDER_AHEAD`).
    public init(tuning: TuningSettings) {
      if let value = tuning.workerLeaseSeconds { leaseSeconds = value }
      if let value = tuning.workerRetrySeconds { retryDelay = value }
      if let value = tuning.workerBatch { batchSize = value }
      if let value = tuning.workerPollMilliseconds { pollInterval = .milliseconds(value) }
      if let value = tuning.workerRenderAhead { renderAhead = value }
    }
  }

  /// What one pass did.
  public struct Pass: Sendable, Hashable {
    public var leased = 0
    public var sent = 0
    public var retried = 0
    public var failed = 0
    /// Withdrawn at send time (unsubscribed or bounced since scheduling).
    public var cancelled = 0
    public var bounced = 0
    public var reminders = 0
    /// Reminders due in the contact's quiet hours, put off until the hours end.
    public var remindersDeferred = 0

    public init() {}
  }

  let context: ServiceContext
  let options: Options
  let name: String
  private let mailer: InvitationMailer
  /// Webhook deliveries and the team's detractor emails, run after each sending pass.
  let alerts: AlertDispatcher
  private let running = Mutex<Bool>(false)
  private let wake = DispatchSemaphore(value: 0)
  private let finished = DispatchSemaphore(value: 0)

  /// A worker with the options of the context's configuration (see ``Options/init(tuning:)``).
  public convenience init(context: ServiceContext) {
    self.init(context: context, options: Options(tuning: context.configuration.tuning))
  }

  public init(context: ServiceContext, options: Options, name: String? = nil) {
    self.context = context
    self.options = options
    self.name =
      name ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(UUID().uuidString.prefix(8))"
    self.mailer = InvitationMailer(context: context)
    self.alerts = AlertDispatcher(
      context: context, options: AlertDispatcher.Options(tuning: context.configuration.tuning),
      worker: self.name)
  }

  /// Starts the background loop (once).
  public func start() {
    let started = running.withLock { state in
      if state { return false }
      state = true
      return true
    }
    guard started else { return }
    let thread = Thread { [self] in
      loop()
      finished.signal()
    }
    thread.name = "nps-send-worker"
    thread.start()
  }

  /// Stops the loop and waits for the current batch to finish.
  public func stop() {
    let wasRunning = running.withLock { state in
      defer { state = false }
      return state
    }
    guard wasRunning else { return }
    wake.signal()
    finished.wait()
  }

  private var isRunning: Bool { running.withLock { $0 } }

  /// How often the loop deletes expired dashboard sessions.
  static let sessionSweepInterval: TimeInterval = 600

  /// The longest wait between passes while send passes fail (the poll interval doubles per failed
  /// pass up to this), so a database outage is not polled ten times a second.
  static let longestFailureWait: Duration = .seconds(30)

  private func loop() {
    var lastPeriodic = Date.distantPast
    var lastSessionSweep = Date.distantPast
    var sendLog = RepeatedFailureLog(task: "send worker pass")
    var alertLog = RepeatedFailureLog(task: "alert pass")
    var pickLog = RepeatedFailureLog(task: "confirming survey picks")
    let logger = context.logger
    while isRunning {
      let now = context.clock.now()
      var busy = false
      do {
        let pass = try runOnce(now: now)
        busy = pass.leased >= options.batchSize || pass.reminders >= options.batchSize
        sendLog.succeeded(logger: logger)
      } catch {
        sendLog.failed(error, now: Date(), logger: logger)
      }
      do {
        let alertPass = try alerts.runOnce(now: context.clock.now())
        busy = busy || alertPass.leased >= alerts.options.batchSize
        alertLog.succeeded(logger: logger)
      } catch {
        alertLog.failed(error, now: Date(), logger: logger)
      }
      if now.timeIntervalSince(lastPeriodic) >= 5 {
        lastPeriodic = now
        do {
          try runPeriodicTasks(now: now)
          pickLog.succeeded(logger: logger)
        } catch {
          pickLog.failed(error, now: Date(), logger: logger)
        }
      }
      if now.timeIntervalSince(lastSessionSweep) >= Self.sessionSweepInterval {
        lastSessionSweep = now
        sweepSessions(now: now)
      }
      if !busy, isRunning {
        // Only a failing send pass (the database gone) slows the loop: an alert pass that
        // keeps failing must not delay invitations.
        let failing = sendLog.failures
        let wait =
          failing == 0
          ? options.pollInterval
          : min(options.pollInterval * (1 << min(failing, 16)), Self.longestFailureWait)
        _ = self.wake.wait(timeout: .now() + wait.dispatchInterval)
      }
    }
  }

  /// Work the worker does every few seconds besides sending: turning survey-page picks whose
  /// quiet window has passed into responses (or discarding a scanner's), see ``PickConfirmer``.
  private func runPeriodicTasks(now: Date) throws {
    let report = try PickConfirmer(context: context).run(now: now)
    if report.confirmed + report.discarded > 0 {
      context.logger.debug(
        "survey picks: \(report.confirmed) confirmed, \(report.discarded) discarded")
    }
  }

  /// Deletes the dashboard sessions that expired before `now` (every `sessionSweepInterval`;
  /// sign-ins delete them too, for a service running without a worker).
  private func sweepSessions(now: Date) {
    do {
      let deleted = try context.store.deleteExpiredSessions(now: now)
      if deleted > 0 { context.logger.debug("deleted \(deleted) expired sessions") }
    } catch {
      context.logger.error("deleting expired sessions failed: \(String(reflecting: error))")
    }
  }

  /// One pass: due invitations, then due reminders. Store errors propagate; mail errors are
  /// handled per invitation.
  @discardableResult
  public func runOnce(now: Date) throws -> Pass {
    var pass = Pass()
    var surveys: [Int64: Survey] = [:]
    func survey(_ id: Int64) throws -> Survey? {
      if let cached = surveys[id] { return cached }
      let found = try context.store.survey(id: id)
      surveys[id] = found
      return found
    }
    let store = context.store
    let due = try store.leaseDueInvitations(
      now: now, limit: options.batchSize, leaseFor: options.leaseSeconds, worker: name)
    pass.leased = due.count
    // Suppression is checked on the contacts as they are now, just before rendering and sending.
    let contacts = try store.contacts(ids: due.map(\.contactID))
    var jobs: [RenderPipeline.Job] = []
    for invitation in due {
      guard let contact = contacts[invitation.contactID],
        let survey = try survey(invitation.surveyID)
      else {
        try store.markInvitationFailed(
          id: invitation.id, error: "contact or survey deleted", worker: name)
        pass.failed += 1
        continue
      }
      if contact.unsubscribedAt != nil || contact.bouncedAt != nil {
        let reason = contact.unsubscribedAt != nil ? "unsubscribed" : "bounced"
        try store.cancelInvitation(id: invitation.id, reason: "suppressed at send time: \(reason)")
        pass.cancelled += 1
        continue
      }
      jobs.append(RenderPipeline.Job(invitation: invitation, contact: contact, survey: survey))
    }
    if options.renderAhead {
      try RenderPipeline(mailer: mailer, chunkSize: 16).forEach(jobs, date: now) { job, rendered in
        try send(job, rendered, now: now, pass: &pass)
      }
    } else {
      for job in jobs {
        let rendered = Result {
          try mailer.message(
            invitation: job.invitation, contact: job.contact, survey: job.survey, date: now)
        }
        try send(job, rendered, now: now, pass: &pass)
      }
    }
    let reminders = try context.store.leaseDueReminders(
      now: now, limit: options.batchSize, leaseFor: options.leaseSeconds, worker: name)
    for invitation in reminders {
      try remind(invitation, survey: survey(invitation.surveyID), now: now, pass: &pass)
    }
    return pass
  }

  private func send(
    _ job: RenderPipeline.Job, _ rendered: Result<MailMessage, any Error>, now: Date,
    pass: inout Pass
  ) throws {
    let store = context.store
    let invitation = job.invitation
    let message: MailMessage
    switch rendered {
    case .success(let rendered): message = rendered
    case .failure(let error):
      try store.markInvitationFailed(
        id: invitation.id, error: "cannot render: \(error)", worker: name)
      pass.failed += 1
      // Bad configuration (a survey's sender or brand name, say) fails every invitation of the
      // survey: the operator must hear of it.
      context.logger.error(
        "invitation \(invitation.id) (survey \(job.survey.slug)) failed, cannot render: "
          + RenderFailure.reason(error))
      return
    }
    do {
      try context.mail.send(message)
      try store.markInvitationSent(
        id: invitation.id, messageID: message.messageID.bracketed, at: now)
      pass.sent += 1
    } catch let error as MailSendError {
      try handle(error, invitation: invitation, contact: job.contact, now: now, pass: &pass)
    }
  }

  private func handle(
    _ error: MailSendError, invitation: Invitation, contact: Contact, now: Date, pass: inout Pass
  ) throws {
    let store = context.store
    switch error.kind {
    case .temporary:
      if invitation.attempts >= options.maxAttempts {
        try store.markInvitationFailed(
          id: invitation.id, error: "gave up after \(invitation.attempts) attempts: \(error)",
          worker: name)
        pass.failed += 1
      } else {
        let next = now.addingTimeInterval(retryDelay(afterAttempt: invitation.attempts))
        try store.markInvitationRetry(
          id: invitation.id, error: error.debugDescription, nextAttempt: next, worker: name)
        pass.retried += 1
      }
      context.logger.info("invitation \(invitation.id): \(error.debugDescription)")
    case .permanentRecipient:
      try store.markBounced(contactID: contact.id, at: now)
      try store.markInvitationFailed(
        id: invitation.id, error: error.debugDescription, worker: name)
      try store.cancelPendingInvitations(contactID: contact.id)
      pass.bounced += 1
      pass.failed += 1
    case .permanent:
      try store.markInvitationFailed(
        id: invitation.id, error: error.debugDescription, worker: name)
      pass.failed += 1
      context.logger.error("invitation \(invitation.id): \(error.debugDescription)")
    }
  }

  private func remind(_ invitation: Invitation, survey: Survey?, now: Date, pass: inout Pass)
    throws
  {
    let store = context.store
    guard let contact = try store.contact(id: invitation.contactID), let survey,
      contact.unsubscribedAt == nil, contact.bouncedAt == nil,
      try store.response(invitationID: invitation.id) == nil
    else {
      // Answered or suppressed since the lease query: never remind; mark it done.
      try store.markReminderSent(invitationID: invitation.id, at: now)
      return
    }
    // Quiet hours hold for reminders as for invitations: in the contact's zone, else the
    // company's; the reminder waits for the window's end.
    let rules = EligibilityRules(survey: survey, companyTimeZone: context.timeZone)
    if let quiet = rules.quietHours {
      let zone = contact.timeZone.flatMap(TimeZone.init(identifier:)) ?? context.timeZone
      let allowed = quiet.nextAllowed(after: now, in: zone)
      if allowed > now {
        try store.deferReminder(invitationID: invitation.id, until: allowed)
        pass.remindersDeferred += 1
        return
      }
    }
    do {
      let message = try mailer.message(
        invitation: invitation, contact: contact, survey: survey, kind: .reminder,
        date: now)
      try context.mail.send(message)
      try store.markReminderSent(invitationID: invitation.id, at: now)
      pass.reminders += 1
    } catch let error as MailSendError where error.kind == .temporary {
      // The lease is kept: it expires after leaseSeconds and a later pass tries again.
      context.logger.info("reminder \(invitation.id): \(error.debugDescription)")
    } catch let error as MailSendError where error.kind == .permanentRecipient {
      try store.markBounced(contactID: contact.id, at: now)
      try store.markReminderSent(invitationID: invitation.id, at: now)
      pass.bounced += 1
    } catch {
      try store.markReminderSent(invitationID: invitation.id, at: now)
      context.logger.error(
        "reminder \(invitation.id) (survey \(survey.slug)) not sent: "
          + RenderFailure.reason(error))
    }
  }

  /// 60 s, 120 s, 240 s… after attempts 1, 2, 3…, capped.
  func retryDelay(afterAttempt attempt: Int) -> TimeInterval {
    min(options.maxRetryDelay, options.retryDelay * pow(2, Double(max(0, attempt - 1))))
  }
}

extension Duration {
  var dispatchInterval: DispatchTimeInterval {
    let (seconds, attoseconds) = components
    return .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
  }
}
