extension Schema {
  /// Migration of version 7 (comment search at 10M responses): besides its words, every
  /// commented response is indexed under *facet* tokens, its survey (`s<id>`), its category
  /// (`cpromoter`, `cpassive`, `cdetractor`) and each segment property, so one full-text
  /// lookup intersects the words with the filters; and `comment_rollups` keeps the smallest
  /// and largest id of each hour's comments, so a period's id bounds cost one row per hour.
  ///
  /// - SQLite: the FTS5 table `comment_search(comment, facets)` (contentless) replaces
  ///   `responses_fts`; a property is the token `p` + hex(name, U+001F, value). Triggers keep
  ///   it; the facets of a deleted row are computed from its old values, which are the values
  ///   it was indexed with (every column they use fires the update trigger).
  /// - PostgreSQL: a partial GIN index over `comment_tsv || nps_search_facets(…)` (a property
  ///   is `:p` + md5(name, U+001F, value), so a long value stays one short lexeme, and each
  ///   property also comes with the category, `:c<category>:p<md5>`, so a search in one
  ///   category of one segment intersects one short list instead of two long ones; the `:`
  ///   keeps every facet apart from the letters-and-digits words a search has) and a partial B-tree
  ///   over `(survey_id, id)` of the commented responses, which a search walks in id order.
  ///   The GIN index over `comment_tsv` alone is dropped.
  ///
  /// `comment_segments` lists each commented response under each of its segment properties,
  /// by date (survey, name, value, responded_at, response id; the score with them), kept by
  /// triggers from `responses.properties`: the themes of one segment read its newest comments
  /// from there instead of stepping over the period's other comments.
  ///
  /// The facets and `comment_segments` only narrow what is read: every search and the themes
  /// still test survey, period, category and segment exactly on each row.
  static let searchMigrations: [Migration] = [
    Migration(version: 7, name: "comment search facets") { dialect in
      switch dialect {
      case .sqlite: sqliteSearch + sqliteCommentSegments
      case .postgres: postgresSearch + postgresCommentSegments
      }
    }
  ]

  /// The facets text of a response (`row` is `new`, `old` or a table alias).
  static func sqliteFacets(_ row: String) -> String {
    """
    'c' || CASE WHEN \(row).score >= 9 THEN 'promoter' WHEN \(row).score >= 7 THEN 'passive'
        ELSE 'detractor' END || ' s' || \(row).survey_id
      || coalesce((SELECT ' ' || group_concat('p' || hex(j.key || char(31) || j.value), ' ')
        FROM json_each(\(row).properties) j), '')
    """
  }

  static let sqliteSearch = """
    DROP TRIGGER responses_fts_insert;
    DROP TRIGGER responses_fts_delete;
    DROP TRIGGER responses_fts_update;
    DROP TABLE responses_fts;
    CREATE VIRTUAL TABLE comment_search USING fts5(comment, facets, content='');
    INSERT INTO comment_search (rowid, comment, facets)
      SELECT r.id, r.comment, \(sqliteFacets("r")) FROM responses r WHERE r.comment <> '';
    CREATE TRIGGER comment_search_insert AFTER INSERT ON responses
    WHEN NEW.comment <> '' BEGIN
      INSERT INTO comment_search (rowid, comment, facets)
      VALUES (NEW.id, NEW.comment, \(sqliteFacets("NEW")));
    END;
    CREATE TRIGGER comment_search_delete AFTER DELETE ON responses
    WHEN OLD.comment <> '' BEGIN
      INSERT INTO comment_search (comment_search, rowid, comment, facets)
      VALUES ('delete', OLD.id, OLD.comment, \(sqliteFacets("OLD")));
    END;
    CREATE TRIGGER comment_search_update
    AFTER UPDATE OF comment, score, survey_id, properties ON responses BEGIN
      INSERT INTO comment_search (comment_search, rowid, comment, facets)
      SELECT 'delete', OLD.id, OLD.comment, \(sqliteFacets("OLD")) WHERE OLD.comment <> '';
      INSERT INTO comment_search (rowid, comment, facets)
      SELECT NEW.id, NEW.comment, \(sqliteFacets("NEW")) WHERE NEW.comment <> '';
    END;
    ALTER TABLE comment_rollups ADD COLUMN first_id BIGINT;
    ALTER TABLE comment_rollups ADD COLUMN last_id BIGINT;
    UPDATE comment_rollups SET
      first_id = (SELECT min(r.id) FROM responses r WHERE r.survey_id = comment_rollups.survey_id
        AND r.responded_at >= comment_rollups.hour * 3600000
        AND r.responded_at < (comment_rollups.hour + 1) * 3600000
        AND r.comment IS NOT NULL AND r.comment <> ''),
      last_id = (SELECT max(r.id) FROM responses r WHERE r.survey_id = comment_rollups.survey_id
        AND r.responded_at >= comment_rollups.hour * 3600000
        AND r.responded_at < (comment_rollups.hour + 1) * 3600000
        AND r.comment IS NOT NULL AND r.comment <> '');
    DROP TRIGGER comment_rollups_insert;
    DROP TRIGGER comment_rollups_update_new;
    CREATE TRIGGER comment_rollups_insert AFTER INSERT ON responses
    WHEN NEW.comment IS NOT NULL AND NEW.comment <> ''
    BEGIN
      INSERT INTO comment_rollups (survey_id, hour, n, first_id, last_id)
      VALUES (NEW.survey_id, NEW.responded_at / 3600000, 1, NEW.id, NEW.id)
      ON CONFLICT (survey_id, hour) DO UPDATE SET n = n + 1,
        first_id = min(coalesce(first_id, NEW.id), NEW.id),
        last_id = max(coalesce(last_id, NEW.id), NEW.id);
    END;
    CREATE TRIGGER comment_rollups_update_new AFTER UPDATE OF survey_id, responded_at, comment
    ON responses WHEN NEW.comment IS NOT NULL AND NEW.comment <> ''
    BEGIN
      INSERT INTO comment_rollups (survey_id, hour, n, first_id, last_id)
      VALUES (NEW.survey_id, NEW.responded_at / 3600000, 1, NEW.id, NEW.id)
      ON CONFLICT (survey_id, hour) DO UPDATE SET n = n + 1,
        first_id = min(coalesce(first_id, NEW.id), NEW.id),
        last_id = max(coalesce(last_id, NEW.id), NEW.id);
    END;

    """

  static let postgresSearch = """
    CREATE FUNCTION nps_search_facets(survey_id BIGINT, score BIGINT, properties TEXT)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT array_to_tsvector(
        ARRAY[':s' || survey_id, ':c' || c.category]
        || ARRAY(SELECT ':p' || md5(j.key || chr(31) || coalesce(j.value, ''))
          FROM json_each_text(properties::json) j)
        || ARRAY(SELECT ':c' || c.category || ':p' || md5(j.key || chr(31) || coalesce(j.value, ''))
          FROM json_each_text(properties::json) j))
      FROM (SELECT CASE WHEN score >= 9 THEN 'promoter' WHEN score >= 7 THEN 'passive'
        ELSE 'detractor' END AS category) c
    $$;
    CREATE INDEX responses_search ON responses
      USING GIN ((comment_tsv || nps_search_facets(survey_id, score, properties)))
      WHERE comment IS NOT NULL AND comment <> '';
    CREATE INDEX responses_commented_id ON responses (survey_id, id)
      WHERE comment IS NOT NULL AND comment <> '';
    DROP INDEX responses_comment_tsv;
    ALTER TABLE comment_rollups ADD COLUMN first_id BIGINT, ADD COLUMN last_id BIGINT;
    UPDATE comment_rollups c SET first_id = m.lo, last_id = m.hi
    FROM (
      SELECT survey_id, responded_at / 3600000 AS hour, min(id) AS lo, max(id) AS hi
      FROM responses WHERE comment IS NOT NULL AND comment <> ''
      GROUP BY survey_id, responded_at / 3600000
    ) m
    WHERE c.survey_id = m.survey_id AND c.hour = m.hour;
    CREATE OR REPLACE FUNCTION nps_comment_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.comment IS NOT NULL AND OLD.comment <> '' THEN
        UPDATE comment_rollups SET n = n - 1
        WHERE survey_id = OLD.survey_id AND hour = OLD.responded_at / 3600000;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.comment IS NOT NULL AND NEW.comment <> '' THEN
        INSERT INTO comment_rollups (survey_id, hour, n, first_id, last_id)
        VALUES (NEW.survey_id, NEW.responded_at / 3600000, 1, NEW.id, NEW.id)
        ON CONFLICT (survey_id, hour) DO UPDATE SET n = comment_rollups.n + 1,
          first_id = least(comment_rollups.first_id, NEW.id),
          last_id = greatest(comment_rollups.last_id, NEW.id);
      END IF;
      RETURN NULL;
    END
    $$;

    """

  /// The `comment_segments` rows of a response (`row` is `NEW`, `OLD` or a table alias).
  static func commentSegmentRows(_ row: String, json: String) -> String {
    """
    SELECT \(row).survey_id, j.key, j.value, \(row).responded_at, \(row).score, \(row).id
      FROM \(json)(\(row).properties) j
    """
  }

  static let sqliteCommentSegments = """
    CREATE TABLE comment_segments (
      survey_id BIGINT NOT NULL,
      name TEXT NOT NULL,
      value TEXT NOT NULL,
      responded_at BIGINT NOT NULL,
      response_id BIGINT NOT NULL,
      score BIGINT NOT NULL,
      PRIMARY KEY (survey_id, name, value, responded_at, response_id)
    ) WITHOUT ROWID;
    INSERT INTO comment_segments (survey_id, name, value, responded_at, score, response_id)
      SELECT r.survey_id, j.key, j.value, r.responded_at, r.score, r.id
      FROM responses r, json_each(r.properties) j WHERE r.comment <> '';
    CREATE TRIGGER comment_segments_insert AFTER INSERT ON responses
    WHEN NEW.comment <> '' BEGIN
      INSERT INTO comment_segments (survey_id, name, value, responded_at, score, response_id)
      \(commentSegmentRows("NEW", json: "json_each"));
    END;
    CREATE TRIGGER comment_segments_delete AFTER DELETE ON responses
    WHEN OLD.comment <> '' BEGIN
      DELETE FROM comment_segments
      WHERE (survey_id, name, value, responded_at, response_id) IN (
        SELECT OLD.survey_id, j.key, j.value, OLD.responded_at, OLD.id
        FROM json_each(OLD.properties) j);
    END;
    CREATE TRIGGER comment_segments_update
    AFTER UPDATE OF comment, score, responded_at, survey_id, properties ON responses BEGIN
      DELETE FROM comment_segments
      WHERE OLD.comment <> '' AND (survey_id, name, value, responded_at, response_id) IN (
        SELECT OLD.survey_id, j.key, j.value, OLD.responded_at, OLD.id
        FROM json_each(OLD.properties) j);
      INSERT INTO comment_segments (survey_id, name, value, responded_at, score, response_id)
      \(commentSegmentRows("NEW", json: "json_each")) WHERE NEW.comment <> '';
    END;

    """

  static let postgresCommentSegments = """
    CREATE TABLE comment_segments (
      survey_id BIGINT NOT NULL,
      name TEXT NOT NULL,
      value TEXT NOT NULL,
      responded_at BIGINT NOT NULL,
      response_id BIGINT NOT NULL,
      score BIGINT NOT NULL,
      PRIMARY KEY (survey_id, name, value, responded_at, response_id) INCLUDE (score)
    );
    INSERT INTO comment_segments (survey_id, name, value, responded_at, score, response_id)
      SELECT r.survey_id, j.key, j.value, r.responded_at, r.score, r.id
      FROM responses r, json_each_text(r.properties::json) j
      WHERE r.comment IS NOT NULL AND r.comment <> '';
    CREATE FUNCTION nps_comment_segments() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.comment IS NOT NULL AND OLD.comment <> '' THEN
        DELETE FROM comment_segments
        WHERE (survey_id, name, value, responded_at, response_id) IN (
          SELECT OLD.survey_id, j.key, j.value, OLD.responded_at, OLD.id
          FROM json_each_text(OLD.properties::json) j);
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.comment IS NOT NULL AND NEW.comment <> '' THEN
        INSERT INTO comment_segments (survey_id, name, value, responded_at, score, response_id)
        SELECT NEW.survey_id, j.key, j.value, NEW.responded_at, NEW.score, NEW.id
        FROM json_each_text(NEW.properties::json) j;
      END IF;
      RETURN NULL;
    END
    $$;
    CREATE TRIGGER comment_segments AFTER INSERT OR DELETE OR UPDATE OF comment, score,
      responded_at, survey_id, properties ON responses
    FOR EACH ROW EXECUTE FUNCTION nps_comment_segments();

    """
}
