extension Schema {
  /// Migration 9: on SQLite, the triggers that take a changed or deleted response's rows out
  /// of `comment_segments` find them by their whole key. Version 7 matched the five key
  /// columns as one row value against a `json_each` subquery, which SQLite's planner turns
  /// into a search on `survey_id` alone: every update of a commented response's score or
  /// comment (a customer changing an answer, an import replacing one) stepped over every
  /// commented response of its survey (about 7 ms at 25,000, growing with the survey).
  /// Survey, date and response id are now equalities and only `(name, value)` comes from the
  /// subquery, so the delete is one primary-key look-up per property.
  ///
  /// PostgreSQL is unchanged (an empty step): its planner already looks each row up by the
  /// whole key.
  static let segmentDeleteMigrations: [Migration] = [
    Migration(version: 9, name: "comment segment deletes by key") { dialect in
      switch dialect {
      case .sqlite: sqliteSegmentDeletes
      case .postgres: ""
      }
    }
  ]

  /// The `comment_segments` rows of `OLD`, by their whole key.
  static let sqliteOldSegments = """
    DELETE FROM comment_segments
      WHERE survey_id = OLD.survey_id AND responded_at = OLD.responded_at
        AND response_id = OLD.id
        AND (name, value) IN (SELECT j.key, j.value FROM json_each(OLD.properties) j)
    """

  static let sqliteSegmentDeletes = """
    DROP TRIGGER comment_segments_delete;
    DROP TRIGGER comment_segments_update;
    CREATE TRIGGER comment_segments_delete AFTER DELETE ON responses
    WHEN OLD.comment <> '' BEGIN
      \(sqliteOldSegments);
    END;
    CREATE TRIGGER comment_segments_update
    AFTER UPDATE OF comment, score, responded_at, survey_id, properties ON responses BEGIN
      \(sqliteOldSegments) AND OLD.comment <> '';
      INSERT INTO comment_segments (survey_id, name, value, responded_at, score, response_id)
      \(commentSegmentRows("NEW", json: "json_each")) WHERE NEW.comment <> '';
    END;

    """
}
