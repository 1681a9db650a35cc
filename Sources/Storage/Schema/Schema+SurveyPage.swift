extension Schema {
  /// Migrations of version 2 (the survey pages: link views and tentative picks; an index to
  /// prune the rate-limit windows of version 1).
  static let surveyPageMigrations: [Migration] = [
    Migration(version: 2, name: "survey page touches") { dialect in
      Migration.ddl(
        """
        CREATE TABLE survey_touches (
          id {pk},
          invitation_id BIGINT NOT NULL REFERENCES invitations(id),
          score BIGINT NOT NULL CHECK (score BETWEEN 0 AND 10),
          kind TEXT NOT NULL CHECK (kind IN ('view', 'pick')),
          at BIGINT NOT NULL,
          state TEXT CHECK (state IN ('pending', 'confirmed', 'discarded', 'superseded'))
        );
        CREATE INDEX survey_touches_invitation ON survey_touches(invitation_id, at);
        CREATE INDEX survey_touches_pending ON survey_touches(at) WHERE state = 'pending';
        CREATE INDEX survey_touches_at ON survey_touches(at);
        CREATE INDEX rate_limits_window ON rate_limits(window_start);

        """, dialect)
    }
  ]
}
