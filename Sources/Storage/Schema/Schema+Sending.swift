extension Schema {
  /// Migrations of version 3 (ingest and sending).
  ///
  /// Eligibility asks, for every interaction, whether the contact has a scheduled invitation for
  /// any survey: an index on (contact, status) answers it without scanning the contact's history.
  static let sendingMigrations: [Migration] = [
    Migration(version: 3, name: "ingest and sending indexes") { dialect in
      Migration.ddl(
        """
        CREATE INDEX invitations_contact_status ON invitations(contact_id, status);
        CREATE INDEX eligibility_contact ON eligibility_decisions(contact_id, decided_at);

        """, dialect)
    }
  ]
}
