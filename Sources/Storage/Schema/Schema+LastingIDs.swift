extension Schema {
  /// Migration 10: on SQLite, the ids of users, webhooks and changes are never given out
  /// again. A plain `INTEGER PRIMARY KEY` takes the largest id in the table plus one, so after
  /// the newest user was removed the next user got the removed one's id, and the audit log's
  /// `user:5` then named two people (webhooks and changes alike). `AUTOINCREMENT` keeps the
  /// largest id ever given in `sqlite_sequence`; it is seeded with the largest id the audit log
  /// names too, so ids removed before this step are not given out again either.
  ///
  /// SQLite cannot add `AUTOINCREMENT` to a table, so each table is rebuilt with its ids, as
  /// migration 6 rebuilt `responses`: the old table's `DROP` deletes what references it
  /// (sessions and webhook deliveries cascade; a follow-up's owner would block it), so those
  /// are kept in temporary tables and put back once the new table has the old name.
  ///
  /// PostgreSQL is unchanged (an empty step): identity columns never give an id twice.
  static let lastingIDMigrations: [Migration] = [
    Migration(version: 10, name: "ids are never reused") { dialect in
      switch dialect {
      case .sqlite: sqliteLastingUsers + sqliteLastingWebhooks + sqliteLastingChanges
      case .postgres: ""
      }
    }
  ]

  private static let sqliteLastingUsers = """
    CREATE TEMP TABLE sessions_kept AS SELECT * FROM sessions;
    CREATE TEMP TABLE followup_owners_kept AS
      SELECT id, owner_user_id FROM followups WHERE owner_user_id IS NOT NULL;
    UPDATE followups SET owner_user_id = NULL WHERE owner_user_id IS NOT NULL;
    CREATE TABLE users_lasting (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      email TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL DEFAULT '',
      password_hash TEXT NOT NULL,
      role TEXT NOT NULL DEFAULT 'admin',
      created_at BIGINT NOT NULL,
      disabled_at BIGINT
    );
    INSERT INTO users_lasting (id, email, name, password_hash, role, created_at, disabled_at)
      SELECT id, email, name, password_hash, role, created_at, disabled_at FROM users ORDER BY id;
    DROP TABLE users;
    ALTER TABLE users_lasting RENAME TO users;
    INSERT INTO sessions SELECT * FROM temp.sessions_kept;
    UPDATE followups
      SET owner_user_id = (
        SELECT k.owner_user_id FROM temp.followup_owners_kept k WHERE k.id = followups.id)
      WHERE id IN (SELECT id FROM temp.followup_owners_kept);
    DROP TABLE temp.sessions_kept;
    DROP TABLE temp.followup_owners_kept;
    \(seedSequence("users", auditPrefix: "user:"))

    """

  private static let sqliteLastingWebhooks = """
    CREATE TEMP TABLE webhook_deliveries_kept AS SELECT * FROM webhook_deliveries;
    CREATE TABLE webhooks_lasting (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      url TEXT NOT NULL,
      secret TEXT NOT NULL,
      events TEXT NOT NULL,
      active BIGINT NOT NULL DEFAULT 1,
      created_at BIGINT NOT NULL,
      survey_id BIGINT REFERENCES surveys(id) ON DELETE CASCADE
    );
    INSERT INTO webhooks_lasting (id, url, secret, events, active, created_at, survey_id)
      SELECT id, url, secret, events, active, created_at, survey_id FROM webhooks ORDER BY id;
    DROP TABLE webhooks;
    ALTER TABLE webhooks_lasting RENAME TO webhooks;
    INSERT INTO webhook_deliveries SELECT * FROM temp.webhook_deliveries_kept;
    DROP TABLE temp.webhook_deliveries_kept;
    \(seedSequence("webhooks", auditPrefix: "webhook:"))

    """

  private static let sqliteLastingChanges = """
    CREATE TABLE changes_lasting (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      survey_id BIGINT REFERENCES surveys(id),
      title TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      changed_at BIGINT NOT NULL,
      created_at BIGINT NOT NULL,
      is_public BIGINT NOT NULL DEFAULT 0
    );
    INSERT INTO changes_lasting (id, survey_id, title, description, changed_at, created_at,
      is_public)
      SELECT id, survey_id, title, description, changed_at, created_at, is_public
      FROM changes ORDER BY id;
    DROP TABLE changes;
    ALTER TABLE changes_lasting RENAME TO changes;
    \(seedSequence("changes", auditPrefix: "change:"))

    """

  /// Sets `table`'s last given id to the largest id it holds or the audit log names
  /// (`user:7`), whichever is larger.
  private static func seedSequence(_ table: String, auditPrefix: String) -> String {
    let start = auditPrefix.count + 1
    return """
      DELETE FROM sqlite_sequence WHERE name IN ('\(table)', '\(table)_lasting');
      INSERT INTO sqlite_sequence (name, seq)
        SELECT '\(table)', max(
          coalesce((SELECT max(id) FROM \(table)), 0),
          coalesce(
            (SELECT max(CAST(substr(target, \(start)) AS INTEGER)) FROM audit_log
              WHERE substr(target, 1, \(auditPrefix.count)) = '\(auditPrefix)'), 0));
      """
  }
}
