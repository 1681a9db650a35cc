import Foundation
import NPSCore

/// One interaction to ingest: who, what, and for which survey.
public struct IngestItem: Sendable, Hashable {
  public var contact: ContactInput
  /// `contactID`, `id` and `createdAt` are filled in by the store.
  public var interaction: Interaction
  public var surveyID: Int64

  public init(contact: ContactInput, interaction: Interaction, surveyID: Int64) {
    self.contact = contact
    self.interaction = interaction
    self.surveyID = surveyID
  }
}

/// What ingesting one interaction did.
public struct IngestRecord: Sendable, Hashable {
  public var contact: Contact
  public var interaction: Interaction
  /// False when the external id was already known: nothing was changed or decided again.
  public var isNew: Bool
  /// The decision made now (new interactions) or the ones recorded before (repeats).
  public var decisions: [EligibilityDecision]
  /// The invitation scheduled by this ingest, if any.
  public var invitation: Invitation?
}

extension SQLStore {
  /// Ingests interactions in ONE transaction: for each, upserts the contact, records the
  /// interaction (a known external id is a repeat and changes nothing), reads the eligibility
  /// facts as they stand inside the transaction (so two interactions of one contact in a batch
  /// see each other), asks `decide` (with the item's index), logs the decision and, when it invites, creates the
  /// invitation. The invitation's token hash is `tokenHash(id, createdAt)`, computed once the
  /// row has its id (a random placeholder fills the unique column for that instant).
  ///
  /// Either every item is stored or, when anything throws, none is.
  public func ingest(
    _ items: [IngestItem], now: Date,
    decide: (Int, IngestItem, EligibilityFacts) -> EligibilityOutcome,
    tokenHash: (Int64, Date) -> [UInt8]
  ) throws -> [IngestRecord] {
    try write { connection in
      var records: [IngestRecord] = []
      records.reserveCapacity(items.count)
      for (index, item) in items.enumerated() {
        records.append(
          try Self.ingestOne(
            item, now: now, connection: connection, decide: { decide(index, $0, $1) },
            tokenHash: tokenHash))
      }
      return records
    }
  }

  private static func ingestOne(
    _ item: IngestItem, now: Date, connection: any DatabaseConnection,
    decide: (IngestItem, EligibilityFacts) -> EligibilityOutcome,
    tokenHash: (Int64, Date) -> [UInt8]
  ) throws -> IngestRecord {
    let interaction = item.interaction
    // A known external id is a repeat: nothing is changed, not even the contact it names.
    if let repeated = try repeatRecord(externalID: interaction.externalID, connection: connection) {
      return repeated
    }
    let contact = try upsertContact(item.contact, now: now, connection: connection)
    let inserted = try connection.queryFirst(
      """
      INSERT INTO interactions (external_id, contact_id, kind, channel, occurred_at,
        properties, created_at)
      VALUES (\(interaction.externalID), \(contact.id), \(interaction.kind),
        \(interaction.channel), \(interaction.occurredAt),
        \(JSONText.encode(interaction.properties)), \(now))
      ON CONFLICT (external_id) DO NOTHING
      RETURNING *
      """)
    guard let inserted else {
      // Another transaction added the same external id after the check above (PostgreSQL).
      guard
        let repeated = try repeatRecord(externalID: interaction.externalID, connection: connection)
      else { throw StorageError(.query, "the interaction was neither added nor found") }
      return repeated
    }
    let recorded = try Self.interaction(from: inserted)
    let facts = try eligibilityFacts(
      contact: contact, occurredAt: recorded.occurredAt, connection: connection)
    let outcome = decide(item, facts)
    var invitation: Invitation?
    if case .invite(let sendAfter) = outcome {
      invitation = try createInvitation(
        surveyID: item.surveyID, contactID: contact.id, interactionID: recorded.id,
        sendAfter: sendAfter, now: now, connection: connection, tokenHash: tokenHash)
    }
    let decision = EligibilityDecision(
      interactionID: recorded.id, surveyID: item.surveyID, contactID: contact.id,
      outcome: outcome.outcome, reason: outcome.reason, decidedAt: now)
    let row = try connection.queryFirst(
      """
      INSERT INTO eligibility_decisions (interaction_id, survey_id, contact_id, outcome, reason,
        decided_at)
      VALUES (\(decision.interactionID), \(decision.surveyID), \(decision.contactID),
        \(decision.outcome), \(decision.reason), \(decision.decidedAt))
      RETURNING id
      """)
    var logged = decision
    logged.id = try row?.int("id") ?? 0
    return IngestRecord(
      contact: contact, interaction: recorded, isNew: true, decisions: [logged],
      invitation: invitation)
  }

  /// The record of an interaction already stored under `externalID` (with its contact as
  /// stored, its decisions and its invitation), or nil when there is none.
  private static func repeatRecord(externalID: String, connection: any DatabaseConnection)
    throws -> IngestRecord?
  {
    guard
      let existingRow = try connection.queryFirst(
        "SELECT * FROM interactions WHERE external_id = \(externalID)")
    else { return nil }
    let existing = try Self.interaction(from: existingRow)
    guard
      let storedContact = try connection.queryFirst(
        "SELECT * FROM contacts WHERE id = \(existing.contactID)"
      ).map(Self.contact(from:))
    else { throw StorageError.notFound("contact \(existing.contactID)") }
    return IngestRecord(
      contact: storedContact, interaction: existing, isNew: false,
      decisions: try decisions(interactionID: existing.id, connection: connection),
      invitation: try connection.queryFirst(
        "SELECT * FROM invitations WHERE interaction_id = \(existing.id) ORDER BY id LIMIT 1"
      ).map(Self.invitation(from:)))
  }

  /// The facts eligibility needs, read on `connection` (inside the caller's transaction).
  static func eligibilityFacts(
    contact: Contact, occurredAt: Date, connection: any DatabaseConnection
  ) throws -> EligibilityFacts {
    // One pass over the contact's invitations (a contact has few).
    let row = try connection.queryFirst(
      """
      SELECT coalesce(sum(CASE WHEN status = 'scheduled' THEN 1 ELSE 0 END), 0) AS pending,
        max(sent_at) AS last_sent
      FROM invitations WHERE contact_id = \(contact.id)
      """)
    let pending = try row?.int("pending") ?? 0
    let lastSent = row?.optionalDate("last_sent")
    return EligibilityFacts(
      occurredAt: occurredAt, unsubscribedAt: contact.unsubscribedAt, bouncedAt: contact.bouncedAt,
      hasPendingInvitation: pending > 0, lastSentAt: lastSent,
      timeZone: contact.timeZone.flatMap(TimeZone.init(identifier:)))
  }

  /// Adds the contact or updates the one with the same normalised email, inside the caller's
  /// transaction; known fields are kept when the input leaves them out, properties merge.
  static func upsertContact(
    _ input: ContactInput, now: Date, connection: any DatabaseConnection
  ) throws -> Contact {
    let email = Contact.normalizedEmail(input.email)
    guard !email.isEmpty else { throw StorageError(.invalidInput, "a contact needs an email") }
    let existing = try connection.queryFirst(
      "SELECT properties FROM contacts WHERE email = \(email)")
    var properties = JSONText.decodeMap(existing?.optionalString("properties"))
    properties.merge(input.properties) { _, new in new }
    let row = try connection.queryFirst(
      """
      INSERT INTO contacts (email, name, locale, time_zone, properties, created_at, updated_at)
      VALUES (\(email), \(input.name), \(input.locale), \(input.timeZone),
        \(JSONText.encode(properties)), \(now), \(now))
      ON CONFLICT (email) DO UPDATE SET
        name = COALESCE(excluded.name, contacts.name),
        locale = COALESCE(excluded.locale, contacts.locale),
        time_zone = COALESCE(excluded.time_zone, contacts.time_zone),
        properties = excluded.properties, updated_at = excluded.updated_at
      RETURNING *
      """)
    guard let row else { throw StorageError(.query, "the contact was not saved") }
    return try Self.contact(from: row)
  }

  /// Creates one scheduled invitation outside the ingest flow (`nps invite`), its token hash
  /// derived from its id and creation time by `tokenHash`, in one transaction.
  public func createInvitation(
    surveyID: Int64, contactID: Int64, sendAfter: Date, now: Date,
    tokenHash: (Int64, Date) -> [UInt8]
  ) throws -> Invitation {
    try withoutActuallyEscaping(tokenHash) { tokenHash in
      try write { connection in
        try Self.createInvitation(
          surveyID: surveyID, contactID: contactID, interactionID: nil, sendAfter: sendAfter,
          now: now, connection: connection, tokenHash: tokenHash)
      }
    }
  }

  private static func createInvitation(
    surveyID: Int64, contactID: Int64, interactionID: Int64?, sendAfter: Date, now: Date,
    connection: any DatabaseConnection, tokenHash: (Int64, Date) -> [UInt8]
  ) throws -> Invitation {
    // 9 bytes, so it can never equal a real 32-byte hash; replaced before the commit.
    let random = UInt64.random(in: 0...UInt64.max)
    let placeholder = [0xFF] + (0..<8).map { UInt8(truncatingIfNeeded: random >> ($0 * 8)) }
    guard
      let row = try connection.queryFirst(
        """
        INSERT INTO invitations (survey_id, contact_id, interaction_id, token_hash, status,
          send_after, created_at)
        VALUES (\(surveyID), \(contactID), \(interactionID), \(placeholder), 'scheduled',
          \(sendAfter), \(now))
        RETURNING *
        """)
    else { throw StorageError(.query, "the invitation was not created") }
    var invitation = try Self.invitation(from: row)
    invitation.tokenHash = tokenHash(invitation.id, invitation.createdAt)
    try connection.execute(
      "UPDATE invitations SET token_hash = \(invitation.tokenHash) WHERE id = \(invitation.id)")
    return invitation
  }

  private static func decisions(interactionID: Int64, connection: any DatabaseConnection) throws
    -> [EligibilityDecision]
  {
    try connection.query(
      "SELECT * FROM eligibility_decisions WHERE interaction_id = \(interactionID) ORDER BY id"
    ).map { row in
      EligibilityDecision(
        id: try row.int("id"), interactionID: row.optionalInt("interaction_id"),
        surveyID: try row.int("survey_id"), contactID: row.optionalInt("contact_id"),
        outcome: try row.string("outcome"), reason: try row.string("reason"),
        decidedAt: try row.date("decided_at"))
    }
  }

  // MARK: Sending

  /// Whether the contact has a scheduled invitation for any survey.
  public func hasAnyPendingInvitation(contactID: Int64) throws -> Bool {
    try read { connection in
      try connection.queryFirst(
        """
        SELECT count(*) AS n FROM invitations
        WHERE contact_id = \(contactID) AND status = 'scheduled'
        """)?.int("n") ?? 0 > 0
    }
  }

  /// Withdraws one scheduled invitation (suppressed at send time), with the reason.
  public func cancelInvitation(id: Int64, reason: String) throws {
    try write { connection in
      try connection.execute(
        """
        UPDATE invitations SET status = 'cancelled', last_error = \(reason), lease_owner = NULL,
          lease_until = NULL
        WHERE id = \(id) AND status = 'scheduled'
        """)
    }
  }

  /// How many invitations are in each status (operations and tests).
  public func invitationCounts() throws -> [InvitationStatus: Int] {
    try read { connection in
      var counts: [InvitationStatus: Int] = [:]
      for row in try connection.query(
        "SELECT status, count(*) AS n FROM invitations GROUP BY status")
      {
        if let status = InvitationStatus(rawValue: try row.string("status")) {
          counts[status] = Int(try row.int("n"))
        }
      }
      return counts
    }
  }

  /// Invitations, newest first, optionally of one contact (operations and tests).
  public func invitations(contactID: Int64? = nil, limit: Int = 100) throws -> [Invitation] {
    try read { connection in
      if let contactID {
        return try connection.query(
          "SELECT * FROM invitations WHERE contact_id = \(contactID) ORDER BY id DESC LIMIT \(limit)"
        ).map(Self.invitation(from:))
      }
      return try connection.query("SELECT * FROM invitations ORDER BY id DESC LIMIT \(limit)")
        .map(Self.invitation(from:))
    }
  }
}

extension SQLStore {
  /// The unrevoked key with this hash, read without writing; `lastUsedAt` is brought up to
  /// `now` only when it is older than `touchAfter` seconds, so a busy key costs one write a
  /// minute rather than one per request.
  public func activeAPIKey(hash: [UInt8], now: Date, touchAfter: TimeInterval = 60) throws
    -> APIKey?
  {
    let key = try read { connection in
      try connection.queryFirst(
        "SELECT * FROM api_keys WHERE key_hash = \(hash) AND revoked_at IS NULL"
      ).map(Self.apiKey(from:))
    }
    guard var key else { return nil }
    if key.lastUsedAt.map({ now.timeIntervalSince($0) >= touchAfter }) ?? true {
      try write { connection in
        try connection.execute(
          "UPDATE api_keys SET last_used_at = \(now) WHERE id = \(key.id)")
      }
      key.lastUsedAt = now
    }
    return key
  }
}

extension SQLStore {
  /// The contacts with these ids, by id (one query for a worker's batch).
  public func contacts(ids: [Int64]) throws -> [Int64: Contact] {
    guard !ids.isEmpty else { return [:] }
    return try read { connection in
      var found: [Int64: Contact] = [:]
      // Chunks keep the number of bind parameters well under both databases' limits.
      var start = 0
      while start < ids.count {
        let chunk = Array(ids[start..<min(start + 200, ids.count)])
        var query: SQLQuery = "SELECT * FROM contacts WHERE id IN ("
        for (index, id) in chunk.enumerated() {
          if index > 0 { query.append(", ") }
          query.append("\(id)")
        }
        query.append(")")
        for row in try connection.query(query) {
          let contact = try Self.contact(from: row)
          found[contact.id] = contact
        }
        start += 200
      }
      return found
    }
  }
}
