extension Schema {
  /// Migration 6: fewer B-trees written per response, so an import costs less.
  ///
  /// - `response_properties` keeps one index, `(name, value, response_id)`: it answers "is this
  ///   response in segment name = value" (a primary-key probe) and "which responses are in it".
  ///   The other direction, a response's properties, is read from `responses.properties`, so
  ///   the `(response_id, name)` key and the foreign key (whose cascade needs that key) go;
  ///   deleting or re-importing a response removes its property rows itself.
  /// - `responses`: the two unique keys become partial (`invitation_id IS NOT NULL`,
  ///   `external_id IS NOT NULL`), so an imported row without an id adds no entry to them.
  /// - `rollups`: one key, `(survey_id, segment_name, span_hours, bucket, segment_value)`,
  ///   instead of a key by value plus a covering index by bucket. A range of buckets for all
  ///   values is one contiguous run; one value's range reads the other values of those buckets
  ///   too (at most a few thousand rows, since long ranges come from 16-day buckets).
  ///   PostgreSQL's key includes the counts, so reports stay index-only scans.
  ///
  /// SQLite cannot drop a column constraint, so `responses` is rebuilt: its rows are copied
  /// with their ids (the full-text index, keyed by id, stays valid), its indexes and triggers
  /// are made again, and the follow-ups, which the old table's `DROP` deletes through their
  /// cascading foreign key, are put back.
  static let leanIndexMigrations: [Migration] = [
    Migration(version: 6, name: "lean response and rollup indexes") { dialect in
      switch dialect {
      case .sqlite: sqliteLeanIndexes
      case .postgres: postgresLeanIndexes
      }
    }
  ]

  private static let sqliteLeanIndexes = """
    CREATE TABLE response_properties_lean (
      name TEXT NOT NULL,
      value TEXT NOT NULL,
      response_id BIGINT NOT NULL,
      PRIMARY KEY (name, value, response_id)
    ) WITHOUT ROWID;
    INSERT INTO response_properties_lean (name, value, response_id)
      SELECT name, value, response_id FROM response_properties
      ORDER BY name, value, response_id;
    DROP TABLE response_properties;
    ALTER TABLE response_properties_lean RENAME TO response_properties;

    CREATE TEMP TABLE followups_kept AS SELECT * FROM followups;
    CREATE TABLE responses_lean (
      id INTEGER PRIMARY KEY,
      survey_id BIGINT NOT NULL REFERENCES surveys(id),
      invitation_id BIGINT REFERENCES invitations(id),
      contact_id BIGINT REFERENCES contacts(id),
      external_id TEXT,
      score BIGINT NOT NULL CHECK (score BETWEEN 0 AND 10),
      comment TEXT,
      responded_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL,
      source TEXT NOT NULL,
      properties TEXT NOT NULL DEFAULT '{}'
    );
    INSERT INTO responses_lean (id, survey_id, invitation_id, contact_id, external_id, score,
      comment, responded_at, updated_at, source, properties)
      SELECT id, survey_id, invitation_id, contact_id, external_id, score, comment,
        responded_at, updated_at, source, properties
      FROM responses ORDER BY id;
    DROP TABLE responses;
    ALTER TABLE responses_lean RENAME TO responses;
    INSERT INTO followups SELECT * FROM temp.followups_kept;
    DROP TABLE temp.followups_kept;
    CREATE UNIQUE INDEX responses_invitation ON responses(invitation_id)
      WHERE invitation_id IS NOT NULL;
    CREATE UNIQUE INDEX responses_external ON responses(survey_id, external_id)
      WHERE external_id IS NOT NULL;
    CREATE INDEX responses_time ON responses(survey_id, responded_at, score);
    \(responsesCommentedIndex)
    \(sqliteFullTextTriggers)
    \(sqliteCommentTriggers)

    CREATE TABLE rollups_lean (
      survey_id BIGINT NOT NULL,
      segment_name TEXT NOT NULL,
      segment_value TEXT NOT NULL,
      span_hours BIGINT NOT NULL,
      bucket BIGINT NOT NULL,
      promoters BIGINT NOT NULL DEFAULT 0,
      passives BIGINT NOT NULL DEFAULT 0,
      detractors BIGINT NOT NULL DEFAULT 0,
      PRIMARY KEY (survey_id, segment_name, span_hours, bucket, segment_value)
    ) WITHOUT ROWID;
    INSERT INTO rollups_lean (survey_id, segment_name, segment_value, span_hours, bucket,
      promoters, passives, detractors)
      SELECT survey_id, segment_name, segment_value, span_hours, bucket,
        promoters, passives, detractors
      FROM rollups ORDER BY survey_id, segment_name, span_hours, bucket, segment_value;
    DROP TABLE rollups;
    ALTER TABLE rollups_lean RENAME TO rollups;

    """

  private static let postgresLeanIndexes = """
    ALTER TABLE response_properties DROP CONSTRAINT response_properties_response_id_fkey;
    ALTER TABLE response_properties DROP CONSTRAINT response_properties_pkey;
    DROP INDEX response_properties_value;
    ALTER TABLE response_properties ADD PRIMARY KEY (name, value, response_id);

    ALTER TABLE responses DROP CONSTRAINT responses_invitation_id_key;
    ALTER TABLE responses DROP CONSTRAINT responses_survey_id_external_id_key;
    CREATE UNIQUE INDEX responses_invitation ON responses(invitation_id)
      WHERE invitation_id IS NOT NULL;
    CREATE UNIQUE INDEX responses_external ON responses(survey_id, external_id)
      WHERE external_id IS NOT NULL;

    ALTER TABLE rollups DROP CONSTRAINT rollups_pkey;
    DROP INDEX rollups_by_bucket;
    ALTER TABLE rollups ADD PRIMARY KEY (survey_id, segment_name, span_hours, bucket,
      segment_value) INCLUDE (promoters, passives, detractors);

    """
}
