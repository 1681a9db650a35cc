extension Schema {
  /// Migrations of version 3 (the dashboard): public flag on changes, login attempts for the
  /// rate limit (in the store so every node shares it), one-time setup tokens, and a partial
  /// index that counts commented responses without reading the rows.
  static let dashboardMigrations: [Migration] = [
    Migration(version: 3, name: "dashboard") { dialect in
      Migration.ddl(
        """
        ALTER TABLE changes ADD COLUMN is_public BIGINT NOT NULL DEFAULT 0;
        CREATE TABLE login_attempts (
          id {pk},
          attempt_key TEXT NOT NULL,
          at BIGINT NOT NULL
        );
        CREATE INDEX login_attempts_key ON login_attempts(attempt_key, at);
        CREATE TABLE setup_tokens (
          token_hash {blob} PRIMARY KEY,
          created_at BIGINT NOT NULL,
          expires_at BIGINT NOT NULL,
          used_at BIGINT
        );
        CREATE INDEX responses_commented ON responses(survey_id, responded_at)
          WHERE comment IS NOT NULL AND comment <> '';

        """, dialect)
    }
  ]
}
