import Foundation

extension SQLStore {
  public func createInvitation(_ invitation: NewInvitation, now: Date) throws -> Invitation {
    try write { connection in
      let row = try connection.queryFirst(
        """
        INSERT INTO invitations (survey_id, contact_id, interaction_id, token_hash, status,
          send_after, created_at)
        VALUES (\(invitation.surveyID), \(invitation.contactID), \(invitation.interactionID),
          \(invitation.tokenHash), 'scheduled', \(invitation.sendAfter), \(now))
        RETURNING *
        """)
      guard let row else { throw StorageError(.query, "the invitation was not created") }
      return try Self.invitation(from: row)
    }
  }

  public func invitation(id: Int64) throws -> Invitation? {
    try read { connection in
      try connection.queryFirst("SELECT * FROM invitations WHERE id = \(id)").map(
        Self.invitation(from:))
    }
  }

  public func invitation(tokenHash: [UInt8]) throws -> Invitation? {
    try read { connection in
      try connection.queryFirst("SELECT * FROM invitations WHERE token_hash = \(tokenHash)").map(
        Self.invitation(from:))
    }
  }

  public func leaseDueInvitations(
    now: Date, limit: Int, leaseFor: TimeInterval, worker: String
  ) throws -> [Invitation] {
    let until = now.addingTimeInterval(leaseFor)
    return try write { connection in
      // SQLite: the single writer makes select-then-update atomic. PostgreSQL: SKIP LOCKED lets
      // concurrent workers pass over rows another transaction is leasing.
      try connection.query(
        """
        UPDATE invitations SET lease_owner = \(worker), lease_until = \(until),
          attempts = attempts + 1
        WHERE id IN (
          SELECT id FROM invitations
          WHERE status = 'scheduled' AND send_after <= \(now)
            AND (lease_until IS NULL OR lease_until <= \(now))
          ORDER BY send_after, id LIMIT \(limit)\(unsafe: connection.dialect.skipLocked))
        RETURNING *
        """
      ).map(Self.invitation(from:)).sorted { ($0.sendAfter, $0.id) < ($1.sendAfter, $1.id) }
    }
  }

  public func markInvitationSent(id: Int64, messageID: String, at: Date) throws {
    try changeInvitation(
      id,
      """
      UPDATE invitations SET status = 'sent', sent_at = \(at), message_id = \(messageID),
        lease_owner = NULL, lease_until = NULL, last_error = NULL
      WHERE id = \(id)
      """)
  }

  /// Schedules another attempt of a send that failed for now. Applied only while the
  /// invitation is still scheduled and, when `worker` is given, still leased by it: a worker
  /// whose lease expired meanwhile leaves the invitation to the worker that leased it since.
  /// Returns whether it was applied.
  @discardableResult
  public func markInvitationRetry(
    id: Int64, error: String, nextAttempt: Date, worker: String? = nil
  ) throws -> Bool {
    try changeLeasedInvitation(
      id, worker: worker,
      """
      UPDATE invitations SET send_after = \(nextAttempt), last_error = \(error),
        lease_owner = NULL, lease_until = NULL
      WHERE id = \(id) AND status = 'scheduled'
      """)
  }

  /// Gives up on an invitation. Applied only while it is still scheduled and, when `worker`
  /// is given, still leased by it (so a late failure never overwrites another worker's send).
  /// Returns whether it was applied.
  @discardableResult
  public func markInvitationFailed(id: Int64, error: String, worker: String? = nil) throws
    -> Bool
  {
    try changeLeasedInvitation(
      id, worker: worker,
      """
      UPDATE invitations SET status = 'failed', last_error = \(error), lease_owner = NULL,
        lease_until = NULL
      WHERE id = \(id) AND status = 'scheduled'
      """)
  }

  @discardableResult
  public func cancelPendingInvitations(contactID: Int64) throws -> Int {
    try write { connection in
      try connection.execute(
        """
        UPDATE invitations SET status = 'cancelled', lease_owner = NULL, lease_until = NULL
        WHERE contact_id = \(contactID) AND status = 'scheduled'
        """)
    }
  }

  public func lastInvitationSentAt(contactID: Int64) throws -> Date? {
    try read { connection in
      try connection.queryFirst(
        "SELECT max(sent_at) AS t FROM invitations WHERE contact_id = \(contactID)"
      )?.optionalDate("t")
    }
  }

  public func hasPendingInvitation(contactID: Int64, surveyID: Int64) throws -> Bool {
    try read { connection in
      try connection.queryFirst(
        """
        SELECT count(*) AS n FROM invitations
        WHERE contact_id = \(contactID) AND survey_id = \(surveyID) AND status = 'scheduled'
        """)?.int("n") ?? 0 > 0
    }
  }

  /// Leases up to `limit` invitations whose one reminder is due: sent `reminder_days` ago or
  /// more, unanswered, contact still reachable, and the survey still open for them (sent less
  /// than `close_after_days` ago; a reminder after closing would only lead to the closed
  /// page). Reads the `invitations_remind` index between the longest close and the shortest
  /// reminder delay of the surveys that remind (SQLite is told to use it: without statistics
  /// it prefers the status index, which holds every invitation ever sent).
  public func leaseDueReminders(
    now: Date, limit: Int, leaseFor: TimeInterval, worker: String
  ) throws -> [Invitation] {
    let until = now.addingTimeInterval(leaseFor)
    let (index, lock): (SQLQuery, SQLQuery) =
      switch dialect {
      case .sqlite: (" INDEXED BY invitations_remind", "")
      case .postgres: ("", " FOR UPDATE OF i SKIP LOCKED")
      }
    let day: Int64 = 86_400_000
    return try write { connection in
      try connection.query(
        """
        UPDATE invitations SET lease_owner = \(worker), lease_until = \(until)
        WHERE id IN (
          SELECT i.id FROM invitations i\(index)
          JOIN surveys s ON s.id = i.survey_id
          JOIN contacts c ON c.id = i.contact_id
          WHERE i.status = 'sent' AND i.reminder_sent_at IS NULL AND s.reminder_days > 0
            AND i.sent_at > \(now) - \(day) * (
              SELECT max(CASE WHEN close_after_days > 0 THEN close_after_days ELSE 36500 END)
              FROM surveys WHERE reminder_days > 0)
            AND i.sent_at <= \(now) - \(day) * (
              SELECT min(reminder_days) FROM surveys WHERE reminder_days > 0)
            AND i.sent_at <= \(now) - s.reminder_days * \(day)
            AND (s.close_after_days <= 0 OR i.sent_at > \(now) - s.close_after_days * \(day))
            AND (i.lease_until IS NULL OR i.lease_until <= \(now))
            AND c.unsubscribed_at IS NULL AND c.bounced_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.invitation_id = i.id)
          ORDER BY i.sent_at, i.id LIMIT \(limit)\(lock))
        RETURNING *
        """
      ).map(Self.invitation(from:)).sorted { $0.id < $1.id }
    }
  }

  /// Puts a due reminder off until `until` (quiet hours): its lease is released and no
  /// `leaseDueReminders` before that moment takes it.
  public func deferReminder(invitationID: Int64, until: Date) throws {
    try changeInvitation(
      invitationID,
      """
      UPDATE invitations SET lease_owner = NULL, lease_until = \(until)
      WHERE id = \(invitationID)
      """)
  }

  public func markReminderSent(invitationID: Int64, at: Date) throws {
    try changeInvitation(
      invitationID,
      """
      UPDATE invitations SET reminder_sent_at = \(at), lease_owner = NULL, lease_until = NULL
      WHERE id = \(invitationID)
      """)
  }

  private func changeInvitation(_ id: Int64, _ query: SQLQuery) throws {
    let changed = try write { connection in try connection.execute(query) }
    if changed == 0 { throw StorageError.notFound("invitation \(id)") }
  }

  /// Runs `update` (whose WHERE clause ends the statement) with `AND lease_owner = worker`
  /// when a worker is given; false when it changed nothing because the invitation is no
  /// longer in the state it expects; throws `notFound` when there is no such invitation.
  private func changeLeasedInvitation(_ id: Int64, worker: String?, _ update: SQLQuery) throws
    -> Bool
  {
    var query = update
    if let worker { query.append(" AND lease_owner = \(worker)") }
    return try write { connection in
      if try connection.execute(query) > 0 { return true }
      guard try connection.queryFirst("SELECT id FROM invitations WHERE id = \(id)") != nil
      else { throw StorageError.notFound("invitation \(id)") }
      return false
    }
  }

  static func invitation(from row: SQLRow) throws -> Invitation {
    guard let status = InvitationStatus(rawValue: try row.string("status")) else {
      throw StorageError.decoding(column: "status")
    }
    return Invitation(
      id: try row.int("id"), surveyID: try row.int("survey_id"),
      contactID: try row.int("contact_id"), interactionID: row.optionalInt("interaction_id"),
      tokenHash: try row.bytes("token_hash"), status: status,
      sendAfter: try row.date("send_after"), attempts: Int(try row.int("attempts")),
      leaseOwner: row.optionalString("lease_owner"), leaseUntil: row.optionalDate("lease_until"),
      sentAt: row.optionalDate("sent_at"), messageID: row.optionalString("message_id"),
      lastError: row.optionalString("last_error"),
      reminderSentAt: row.optionalDate("reminder_sent_at"), createdAt: try row.date("created_at"))
  }
}
