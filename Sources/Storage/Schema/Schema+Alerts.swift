extension Schema {
  /// Migrations of version 5 (closing the loop): the team's alert addresses per survey, a
  /// webhook limited to one survey, and an index for a webhook's latest deliveries.
  static let alertMigrations: [Migration] = [
    Migration(version: 5, name: "alerts") { dialect in
      Migration.ddl(
        """
        ALTER TABLE surveys ADD COLUMN alert_emails TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE webhooks ADD COLUMN survey_id BIGINT REFERENCES surveys(id) ON DELETE CASCADE;
        CREATE INDEX webhook_deliveries_latest ON webhook_deliveries(webhook_id, attempted_at);

        """, dialect)
    }
  ]
}
