/// The schema this binary knows, newest last.
public enum Schema {
  public static let migrations: [Migration] =
    [
      Migration(version: 1, name: "initial schema") { dialect in
        Migration.ddl(initial, dialect) + fullTextSearch(dialect) + seedDefaultSurvey
      }
    ] + surveyPageMigrations + dashboardMigrations + rollupMigrations + alertMigrations
    + leanIndexMigrations + searchMigrations + searchWordMigrations
    + segmentDeleteMigrations + lastingIDMigrations + reminderIndexMigrations

  /// The newest schema version this binary can run against.
  public static var latestVersion: Int { migrations.map(\.version).max() ?? 0 }

  private static let initial = """
    CREATE TABLE surveys (
      id {pk},
      slug TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      question TEXT NOT NULL,
      followup_promoter TEXT NOT NULL,
      followup_passive TEXT NOT NULL,
      followup_detractor TEXT NOT NULL,
      brand_name TEXT NOT NULL DEFAULT '',
      brand_color TEXT NOT NULL DEFAULT '#1f6feb',
      logo_url TEXT,
      sender_name TEXT NOT NULL DEFAULT '',
      sender_email TEXT NOT NULL DEFAULT '',
      throttle_days BIGINT NOT NULL DEFAULT 90,
      delay_minutes BIGINT NOT NULL DEFAULT 60,
      reminder_days BIGINT NOT NULL DEFAULT 3,
      sample_rate {real} NOT NULL DEFAULT 1.0,
      quiet_start_minute BIGINT,
      quiet_end_minute BIGINT,
      language TEXT NOT NULL DEFAULT 'en',
      close_after_days BIGINT NOT NULL DEFAULT 30,
      public_page BIGINT NOT NULL DEFAULT 0,
      promoter_link TEXT,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    );
    CREATE TABLE contacts (
      id {pk},
      email TEXT NOT NULL UNIQUE,
      name TEXT,
      locale TEXT,
      time_zone TEXT,
      properties TEXT NOT NULL DEFAULT '{}',
      unsubscribed_at BIGINT,
      bounced_at BIGINT,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    );
    CREATE TABLE interactions (
      id {pk},
      external_id TEXT NOT NULL UNIQUE,
      contact_id BIGINT NOT NULL REFERENCES contacts(id),
      kind TEXT NOT NULL DEFAULT '',
      channel TEXT NOT NULL DEFAULT '',
      occurred_at BIGINT NOT NULL,
      properties TEXT NOT NULL DEFAULT '{}',
      created_at BIGINT NOT NULL
    );
    CREATE INDEX interactions_contact ON interactions(contact_id, occurred_at);
    CREATE TABLE eligibility_decisions (
      id {pk},
      interaction_id BIGINT REFERENCES interactions(id),
      survey_id BIGINT NOT NULL REFERENCES surveys(id),
      contact_id BIGINT REFERENCES contacts(id),
      outcome TEXT NOT NULL,
      reason TEXT NOT NULL,
      decided_at BIGINT NOT NULL
    );
    CREATE INDEX eligibility_interaction ON eligibility_decisions(interaction_id);
    CREATE TABLE invitations (
      id {pk},
      survey_id BIGINT NOT NULL REFERENCES surveys(id),
      contact_id BIGINT NOT NULL REFERENCES contacts(id),
      interaction_id BIGINT REFERENCES interactions(id),
      token_hash {blob} NOT NULL UNIQUE,
      status TEXT NOT NULL CHECK (status IN ('scheduled', 'sent', 'failed', 'cancelled')),
      send_after BIGINT NOT NULL,
      attempts BIGINT NOT NULL DEFAULT 0,
      lease_owner TEXT,
      lease_until BIGINT,
      sent_at BIGINT,
      message_id TEXT,
      last_error TEXT,
      reminder_sent_at BIGINT,
      created_at BIGINT NOT NULL
    );
    CREATE INDEX invitations_due ON invitations(status, send_after);
    CREATE INDEX invitations_contact ON invitations(contact_id, sent_at);
    CREATE INDEX invitations_survey_sent ON invitations(survey_id, sent_at);
    CREATE TABLE responses (
      id {pk},
      survey_id BIGINT NOT NULL REFERENCES surveys(id),
      invitation_id BIGINT UNIQUE REFERENCES invitations(id),
      contact_id BIGINT REFERENCES contacts(id),
      external_id TEXT,
      score BIGINT NOT NULL CHECK (score BETWEEN 0 AND 10),
      comment TEXT,
      responded_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL,
      source TEXT NOT NULL,
      properties TEXT NOT NULL DEFAULT '{}',
      UNIQUE (survey_id, external_id)
    );
    CREATE INDEX responses_time ON responses(survey_id, responded_at, score);
    CREATE TABLE response_properties (
      response_id BIGINT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY (response_id, name)
    ){without_rowid};
    CREATE INDEX response_properties_value ON response_properties(name, value, response_id);
    CREATE TABLE rollups (
      survey_id BIGINT NOT NULL,
      segment_name TEXT NOT NULL,
      segment_value TEXT NOT NULL,
      span_hours BIGINT NOT NULL,
      bucket BIGINT NOT NULL,
      promoters BIGINT NOT NULL DEFAULT 0,
      passives BIGINT NOT NULL DEFAULT 0,
      detractors BIGINT NOT NULL DEFAULT 0,
      PRIMARY KEY (survey_id, segment_name, span_hours, segment_value, bucket)
    ){without_rowid};
    CREATE INDEX rollups_by_bucket ON rollups(survey_id, segment_name, span_hours, bucket,
      segment_value, promoters, passives, detractors);
    CREATE TABLE changes (
      id {pk},
      survey_id BIGINT REFERENCES surveys(id),
      title TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      changed_at BIGINT NOT NULL,
      created_at BIGINT NOT NULL
    );
    CREATE TABLE users (
      id {pk},
      email TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL DEFAULT '',
      password_hash TEXT NOT NULL,
      role TEXT NOT NULL DEFAULT 'admin',
      created_at BIGINT NOT NULL,
      disabled_at BIGINT
    );
    CREATE TABLE followups (
      id {pk},
      response_id BIGINT NOT NULL UNIQUE REFERENCES responses(id) ON DELETE CASCADE,
      status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'contacted', 'resolved')),
      owner_user_id BIGINT REFERENCES users(id),
      notes TEXT NOT NULL DEFAULT '',
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    );
    CREATE TABLE sessions (
      id_hash {blob} PRIMARY KEY,
      user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      csrf_token TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      expires_at BIGINT NOT NULL
    );
    CREATE TABLE api_keys (
      id {pk},
      name TEXT NOT NULL,
      key_hash {blob} NOT NULL UNIQUE,
      prefix TEXT NOT NULL,
      scopes TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      last_used_at BIGINT,
      revoked_at BIGINT
    );
    CREATE TABLE webhooks (
      id {pk},
      url TEXT NOT NULL,
      secret TEXT NOT NULL,
      events TEXT NOT NULL,
      active BIGINT NOT NULL DEFAULT 1,
      created_at BIGINT NOT NULL
    );
    CREATE TABLE webhook_deliveries (
      id {pk},
      webhook_id BIGINT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
      job_id BIGINT,
      event TEXT NOT NULL,
      payload TEXT NOT NULL,
      response_status BIGINT,
      error TEXT,
      attempted_at BIGINT NOT NULL
    );
    CREATE TABLE jobs (
      id {pk},
      kind TEXT NOT NULL,
      payload TEXT NOT NULL DEFAULT '{}',
      unique_key TEXT UNIQUE,
      status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
      run_after BIGINT NOT NULL,
      attempts BIGINT NOT NULL DEFAULT 0,
      lease_owner TEXT,
      lease_until BIGINT,
      last_error TEXT,
      finished_at BIGINT,
      created_at BIGINT NOT NULL
    );
    CREATE INDEX jobs_due ON jobs(status, run_after);
    CREATE TABLE rate_limits (
      key TEXT NOT NULL,
      window_start BIGINT NOT NULL,
      hits BIGINT NOT NULL,
      PRIMARY KEY (key, window_start)
    );
    CREATE TABLE audit_log (
      id {pk},
      at BIGINT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      target TEXT NOT NULL DEFAULT '',
      detail TEXT NOT NULL DEFAULT '{}'
    );

    """

  /// The triggers that keep `responses_fts` (external content) in step with `responses`.
  static let sqliteFullTextTriggers = """
    CREATE TRIGGER responses_fts_insert AFTER INSERT ON responses
    WHEN new.comment IS NOT NULL BEGIN
      INSERT INTO responses_fts(rowid, comment) VALUES (new.id, new.comment);
    END;
    CREATE TRIGGER responses_fts_delete AFTER DELETE ON responses
    WHEN old.comment IS NOT NULL BEGIN
      INSERT INTO responses_fts(responses_fts, rowid, comment)
      VALUES ('delete', old.id, old.comment);
    END;
    CREATE TRIGGER responses_fts_update AFTER UPDATE OF comment ON responses BEGIN
      INSERT INTO responses_fts(responses_fts, rowid, comment)
      SELECT 'delete', old.id, old.comment WHERE old.comment IS NOT NULL;
      INSERT INTO responses_fts(rowid, comment)
      SELECT new.id, new.comment WHERE new.comment IS NOT NULL;
    END;

    """

  private static func fullTextSearch(_ dialect: SQLDialect) -> String {
    switch dialect {
    case .sqlite:
      """
      CREATE VIRTUAL TABLE responses_fts USING fts5(
        comment, content='responses', content_rowid='id');
      \(sqliteFullTextTriggers)

      """
    case .postgres:
      """
      ALTER TABLE responses ADD COLUMN comment_tsv tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', coalesce(comment, ''))) STORED;
      CREATE INDEX responses_comment_tsv ON responses USING GIN (comment_tsv);

      """
    }
  }

  /// The `default` survey, with standard wording; its settings can be edited later.
  private static let seedDefaultSurvey = """
    INSERT INTO surveys (slug, name, question, followup_promoter, followup_passive,
      followup_detractor, brand_name, sender_name, sender_email, created_at, updated_at)
    VALUES ('default', 'Customer satisfaction',
      'How likely are you to recommend us to a friend or colleague?',
      'Thank you! What do you like most about us?',
      'Thank you. What would make us a 10 for you?',
      'We are sorry to hear that. What went wrong, and what should we do better?',
      '', '', '', 0, 0);

    """
}
