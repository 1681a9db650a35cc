import Foundation
import NPSCore

/// Everything the service keeps. One implementation, ``SQLStore``, runs the same SQL on SQLite
/// and PostgreSQL; open one with ``StoreFactory``.
///
/// Every method is one transaction. Times are passed in (`now:`) so callers control the clock.
public protocol Store: Sendable {
  // MARK: Schema
  /// Applies pending migrations; returns the versions applied. Throws `.schemaTooNew`.
  @discardableResult func migrate(now: Date) throws -> [Int]
  /// The schema version recorded in the database (0 when empty).
  func schemaVersion() throws -> Int
  /// Refreshes the query planner's statistics (SQLite `ANALYZE` of a sample, PostgreSQL
  /// `ANALYZE` and a `VACUUM` of the rollups); `nps import responses` runs it after a large
  /// import so reports keep using their indexes.
  func optimize() throws
  /// Closes all connections.
  func close()

  // MARK: Surveys
  /// Adds a survey (its `id` is ignored) and returns it with its id.
  func createSurvey(_ survey: Survey, now: Date) throws -> Survey
  func survey(id: Int64) throws -> Survey?
  func survey(slug: String) throws -> Survey?
  /// Saves every field of an existing survey; throws `.notFound`.
  func updateSurvey(_ survey: Survey, now: Date) throws
  func surveys() throws -> [Survey]

  // MARK: Contacts
  /// Adds the contact or updates the one with the same normalised email.
  func upsertContact(_ input: ContactInput, now: Date) throws -> Contact
  func contact(id: Int64) throws -> Contact?
  func contact(email: String) throws -> Contact?
  func unsubscribe(contactID: Int64, at: Date) throws
  func markBounced(contactID: Int64, at: Date) throws
  func contactCount() throws -> Int

  // MARK: Interactions and eligibility
  /// Records an interaction; a repeat of its `externalID` returns the stored one unchanged.
  func recordInteraction(_ interaction: Interaction) throws -> RecordedInteraction
  func interaction(externalID: String) throws -> Interaction?
  func logDecision(_ decision: EligibilityDecision) throws
  func decisions(interactionID: Int64) throws -> [EligibilityDecision]

  // MARK: Invitations (the send queue)
  func createInvitation(_ invitation: NewInvitation, now: Date) throws -> Invitation
  func invitation(id: Int64) throws -> Invitation?
  func invitation(tokenHash: [UInt8]) throws -> Invitation?
  /// Leases up to `limit` scheduled invitations due at `now` whose lease is free or expired,
  /// for `leaseFor` seconds. Two callers never receive the same invitation while a lease runs.
  func leaseDueInvitations(now: Date, limit: Int, leaseFor: TimeInterval, worker: String) throws
    -> [Invitation]
  func markInvitationSent(id: Int64, messageID: String, at: Date) throws
  /// Frees the lease and schedules another attempt at `nextAttempt`, if the invitation is
  /// still scheduled and (with `worker`) still leased by that worker; returns whether it was.
  @discardableResult
  func markInvitationRetry(id: Int64, error: String, nextAttempt: Date, worker: String?) throws
    -> Bool
  /// Marks the invitation failed, under the same condition; returns whether it was.
  @discardableResult func markInvitationFailed(id: Int64, error: String, worker: String?) throws
    -> Bool
  /// Cancels the contact's scheduled invitations; returns how many.
  @discardableResult func cancelPendingInvitations(contactID: Int64) throws -> Int
  /// The latest `sentAt` of the contact's invitations across surveys (for the throttle).
  func lastInvitationSentAt(contactID: Int64) throws -> Date?
  /// Whether the contact has a scheduled invitation for the survey.
  func hasPendingInvitation(contactID: Int64, surveyID: Int64) throws -> Bool
  /// Leases sent, unanswered invitations whose survey's reminder is due and not yet sent.
  func leaseDueReminders(now: Date, limit: Int, leaseFor: TimeInterval, worker: String) throws
    -> [Invitation]
  func markReminderSent(invitationID: Int64, at: Date) throws

  // MARK: Responses (rollups follow in the same transaction)
  /// Records a response; see ``NewResponse`` for when it replaces one.
  func recordResponse(_ response: NewResponse, now: Date) throws -> SurveyResponse
  func response(id: Int64) throws -> SurveyResponse?
  func response(invitationID: Int64) throws -> SurveyResponse?
  /// Changes the score and/or comment (`comment: .some(nil)` clears it).
  func updateResponse(id: Int64, score: Score?, comment: String??, now: Date) throws
    -> SurveyResponse
  func deleteResponse(id: Int64) throws
  /// Imports historical responses (source `import`), replacing those whose external id exists.
  func importResponses(_ responses: [NewResponse], now: Date) throws -> ImportSummary
  /// Recomputes every rollup from the responses.
  func rebuildRollups() throws

  // MARK: Reports
  /// One tally per half-open range, in order (boundaries are computed by the caller, in the
  /// reporting time zone).
  func tallies(surveyID: Int64, ranges: [Range<Date>], segment: SegmentFilter?) throws -> [Tally]
  /// Per segment value, its tally in each of `ranges` (values with no response left out), in
  /// one pass over the rollups instead of one ``tallies(surveyID:ranges:segment:)`` per value.
  func segmentPeriodTallies(surveyID: Int64, ranges: [Range<Date>], segmentName: String) throws
    -> [String: [Tally]]
  /// The tally of each value of a segment property in a range, largest first.
  func segmentTallies(surveyID: Int64, range: Range<Date>, segmentName: String) throws
    -> [SegmentTally]
  /// The segment property names present in a survey's responses.
  func segmentNames(surveyID: Int64) throws -> [String]
  /// Invitations sent in the range, and how many of those have a response.
  func responseRate(surveyID: Int64, range: Range<Date>) throws -> ResponseRateCounts
  /// Responses matching the query, newest first (comments, search, detractor lists); with a
  /// search, newest recorded first (by id), which the full-text index serves without sorting.
  func responses(_ query: ResponseQuery) throws -> [SurveyResponse]
  /// How many responses match the query, counting no further than `limit`.
  func countResponses(_ query: ResponseQuery, upTo limit: Int) throws -> Int
  /// `responses(query)` and `countResponses(query, upTo: limit)` together; a search is
  /// planned once for both.
  func responsePage(_ query: ResponseQuery, countUpTo limit: Int) throws -> ResponsePage

  // MARK: Changes and follow-ups
  func createChange(_ change: Change) throws -> Change
  func changes(surveyID: Int64?) throws -> [Change]
  func deleteChange(id: Int64) throws
  /// The follow-up of a response, created with status `new` if there is none.
  func followup(responseID: Int64, now: Date) throws -> Followup
  func updateFollowup(
    responseID: Int64, status: FollowupStatus, ownerUserID: Int64?, notes: String, now: Date
  )
    throws -> Followup
  func followups(status: FollowupStatus?) throws -> [Followup]

  // MARK: Users, sessions, API keys
  func createUser(email: String, name: String, passwordHash: String, role: String, now: Date)
    throws -> User
  func user(id: Int64) throws -> User?
  func user(email: String) throws -> User?
  func users() throws -> [User]
  /// Replaces the stored password hash.
  func updateUserPassword(id: Int64, passwordHash: String, now: Date) throws
  /// Disables (nil: re-enables) a user.
  func setUserDisabled(id: Int64, at: Date?) throws
  func createSession(_ session: LoginSession) throws
  /// The session with this id hash if it has not expired at `now`.
  func session(idHash: [UInt8], now: Date) throws -> LoginSession?
  func deleteSession(idHash: [UInt8]) throws
  /// Removes sessions that expired before `now`; returns how many.
  @discardableResult func deleteExpiredSessions(now: Date) throws -> Int
  /// Counts one hit for `key` in the fixed window of `window` seconds containing `now`, and
  /// returns the hits so far in that window (shared by every node on PostgreSQL).
  func hitRateLimit(key: String, window: TimeInterval, now: Date) throws -> Int
  /// Removes rate-limit windows that started before `before`.
  func pruneRateLimits(before: Date) throws
  func createAPIKey(name: String, keyHash: [UInt8], prefix: String, scopes: [String], now: Date)
    throws -> APIKey
  /// The unrevoked key with this hash; records `lastUsedAt`.
  func apiKey(hash: [UInt8], now: Date) throws -> APIKey?
  func apiKeys() throws -> [APIKey]
  func revokeAPIKey(id: Int64, at: Date) throws

  // MARK: Webhooks, jobs, audit
  func createWebhook(url: String, secret: String, events: [String], now: Date) throws -> Webhook
  func webhooks() throws -> [Webhook]
  func setWebhookActive(id: Int64, active: Bool) throws
  func deleteWebhook(id: Int64) throws
  func recordDelivery(
    webhookID: Int64, jobID: Int64?, event: String, payload: String, responseStatus: Int?,
    error: String?, at: Date) throws
  func deliveries(webhookID: Int64, limit: Int) throws -> [WebhookDelivery]
  /// Adds a job; with a `uniqueKey` already present, returns nil and adds nothing.
  func enqueueJob(kind: String, payload: String, uniqueKey: String?, runAfter: Date, now: Date)
    throws -> Job?
  func leaseDueJobs(now: Date, limit: Int, leaseFor: TimeInterval, worker: String, kinds: [String]?)
    throws -> [Job]
  func completeJob(id: Int64, at: Date) throws
  func retryJob(id: Int64, error: String, nextAttempt: Date) throws
  func failJob(id: Int64, error: String, at: Date) throws
  func job(id: Int64) throws -> Job?
  func appendAudit(_ entry: AuditEntry) throws
  func auditLog(limit: Int) throws -> [AuditEntry]
  /// Audit entries matching the query, newest first (by id).
  func auditEntries(_ query: AuditQuery) throws -> [AuditEntry]
}
