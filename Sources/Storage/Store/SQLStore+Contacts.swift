import Foundation

extension SQLStore {
  public func upsertContact(_ input: ContactInput, now: Date) throws -> Contact {
    guard !Contact.normalizedEmail(input.email).isEmpty else {
      throw StorageError(.invalidInput, "a contact needs an email")
    }
    return try write { connection in
      try Self.upsertContact(input, now: now, connection: connection)
    }
  }

  public func contact(id: Int64) throws -> Contact? {
    try read { connection in
      try connection.queryFirst("SELECT * FROM contacts WHERE id = \(id)").map(Self.contact(from:))
    }
  }

  public func contact(email: String) throws -> Contact? {
    let email = Contact.normalizedEmail(email)
    return try read { connection in
      try connection.queryFirst("SELECT * FROM contacts WHERE email = \(email)").map(
        Self.contact(from:))
    }
  }

  public func unsubscribe(contactID: Int64, at: Date) throws {
    try changeContact(
      contactID,
      "UPDATE contacts SET unsubscribed_at = COALESCE(unsubscribed_at, \(at)), updated_at = \(at) WHERE id = \(contactID)"
    )
  }

  public func markBounced(contactID: Int64, at: Date) throws {
    try changeContact(
      contactID,
      "UPDATE contacts SET bounced_at = COALESCE(bounced_at, \(at)), updated_at = \(at) WHERE id = \(contactID)"
    )
  }

  public func contactCount() throws -> Int {
    try read { connection in
      Int(try connection.queryFirst("SELECT count(*) AS n FROM contacts")?.int("n") ?? 0)
    }
  }

  private func changeContact(_ id: Int64, _ query: SQLQuery) throws {
    let changed = try write { connection in try connection.execute(query) }
    if changed == 0 { throw StorageError.notFound("contact \(id)") }
  }

  static func contact(from row: SQLRow) throws -> Contact {
    Contact(
      id: try row.int("id"), email: try row.string("email"), name: row.optionalString("name"),
      locale: row.optionalString("locale"), timeZone: row.optionalString("time_zone"),
      properties: JSONText.decodeMap(row.optionalString("properties")),
      unsubscribedAt: row.optionalDate("unsubscribed_at"),
      bouncedAt: row.optionalDate("bounced_at"), createdAt: try row.date("created_at"),
      updatedAt: try row.date("updated_at"))
  }

  // MARK: Interactions

  public func recordInteraction(_ interaction: Interaction) throws -> RecordedInteraction {
    try write { connection in
      let inserted = try connection.queryFirst(
        """
        INSERT INTO interactions (external_id, contact_id, kind, channel, occurred_at,
          properties, created_at)
        VALUES (\(interaction.externalID), \(interaction.contactID), \(interaction.kind),
          \(interaction.channel), \(interaction.occurredAt),
          \(JSONText.encode(interaction.properties)), \(interaction.createdAt))
        ON CONFLICT (external_id) DO NOTHING
        RETURNING *
        """)
      if let inserted {
        return RecordedInteraction(interaction: try Self.interaction(from: inserted), isNew: true)
      }
      guard
        let existing = try connection.queryFirst(
          "SELECT * FROM interactions WHERE external_id = \(interaction.externalID)")
      else { throw StorageError(.query, "the interaction was neither added nor found") }
      return RecordedInteraction(interaction: try Self.interaction(from: existing), isNew: false)
    }
  }

  public func interaction(externalID: String) throws -> Interaction? {
    try read { connection in
      try connection.queryFirst("SELECT * FROM interactions WHERE external_id = \(externalID)")
        .map(Self.interaction(from:))
    }
  }

  static func interaction(from row: SQLRow) throws -> Interaction {
    Interaction(
      id: try row.int("id"), externalID: try row.string("external_id"),
      contactID: try row.int("contact_id"), kind: try row.string("kind"),
      channel: try row.string("channel"), occurredAt: try row.date("occurred_at"),
      properties: JSONText.decodeMap(row.optionalString("properties")),
      createdAt: try row.date("created_at"))
  }

  public func logDecision(_ decision: EligibilityDecision) throws {
    try write { connection in
      try connection.execute(
        """
        INSERT INTO eligibility_decisions (interaction_id, survey_id, contact_id, outcome, reason,
          decided_at)
        VALUES (\(decision.interactionID), \(decision.surveyID), \(decision.contactID),
          \(decision.outcome), \(decision.reason), \(decision.decidedAt))
        """)
    }
  }

  public func decisions(interactionID: Int64) throws -> [EligibilityDecision] {
    try read { connection in
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
  }
}
