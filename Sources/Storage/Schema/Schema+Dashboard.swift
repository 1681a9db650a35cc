extension Schema {
  /// Migrations of version 3 (the dashboard): public flag on changes, login attempts for the
  /// rate limit (in the store so every node shares it), one-time setup tokens, a partial index
  /// over commented responses, and `comment_rollups`: commented responses per survey and UTC
  /// hour, kept by triggers on `responses` (any insert, update or delete, whoever makes it), so
  /// the comment rate of a long period reads a few thousand rows instead of every comment.
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
        \(responsesCommentedIndex)
        CREATE TABLE comment_rollups (
          survey_id BIGINT NOT NULL,
          hour BIGINT NOT NULL,
          n BIGINT NOT NULL,
          PRIMARY KEY (survey_id, hour)
        );
        INSERT INTO comment_rollups (survey_id, hour, n)
          SELECT survey_id, responded_at / 3600000, count(*) FROM responses
          WHERE comment IS NOT NULL AND comment <> '' GROUP BY survey_id, responded_at / 3600000;

        """, dialect) + (dialect == .sqlite ? sqliteCommentTriggers : postgresCommentTriggers)
    }
  ]

  /// Commented responses of a survey by date: comment counts and the comment list.
  static let responsesCommentedIndex = """
    CREATE INDEX responses_commented ON responses(survey_id, responded_at)
      WHERE comment IS NOT NULL AND comment <> '';
    """

  /// Hours are `responded_at / 3600000` (milliseconds; responses before 1970 are not expected).
  static let sqliteCommentTriggers = """
    CREATE TRIGGER comment_rollups_insert AFTER INSERT ON responses
    WHEN NEW.comment IS NOT NULL AND NEW.comment <> ''
    BEGIN
      INSERT INTO comment_rollups (survey_id, hour, n)
      VALUES (NEW.survey_id, NEW.responded_at / 3600000, 1)
      ON CONFLICT (survey_id, hour) DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER comment_rollups_delete AFTER DELETE ON responses
    WHEN OLD.comment IS NOT NULL AND OLD.comment <> ''
    BEGIN
      UPDATE comment_rollups SET n = n - 1
      WHERE survey_id = OLD.survey_id AND hour = OLD.responded_at / 3600000;
    END;
    CREATE TRIGGER comment_rollups_update_old AFTER UPDATE OF survey_id, responded_at, comment
    ON responses WHEN OLD.comment IS NOT NULL AND OLD.comment <> ''
    BEGIN
      UPDATE comment_rollups SET n = n - 1
      WHERE survey_id = OLD.survey_id AND hour = OLD.responded_at / 3600000;
    END;
    CREATE TRIGGER comment_rollups_update_new AFTER UPDATE OF survey_id, responded_at, comment
    ON responses WHEN NEW.comment IS NOT NULL AND NEW.comment <> ''
    BEGIN
      INSERT INTO comment_rollups (survey_id, hour, n)
      VALUES (NEW.survey_id, NEW.responded_at / 3600000, 1)
      ON CONFLICT (survey_id, hour) DO UPDATE SET n = n + 1;
    END;

    """

  static let postgresCommentTriggers = """
    CREATE FUNCTION nps_comment_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.comment IS NOT NULL AND OLD.comment <> '' THEN
        UPDATE comment_rollups SET n = n - 1
        WHERE survey_id = OLD.survey_id AND hour = OLD.responded_at / 3600000;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.comment IS NOT NULL AND NEW.comment <> '' THEN
        INSERT INTO comment_rollups (survey_id, hour, n)
        VALUES (NEW.survey_id, NEW.responded_at / 3600000, 1)
        ON CONFLICT (survey_id, hour) DO UPDATE SET n = comment_rollups.n + 1;
      END IF;
      RETURN NULL;
    END
    $$;
    CREATE TRIGGER comment_rollups AFTER INSERT OR UPDATE OR DELETE ON responses
    FOR EACH ROW EXECUTE FUNCTION nps_comment_rollup();

    """
}
