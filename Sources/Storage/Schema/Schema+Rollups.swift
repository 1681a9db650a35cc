extension Schema {
  /// Migrations of version 4: rollup rows of sixteen UTC days (`span_hours` 384), summed from
  /// the day rows already kept, so long report ranges read a few dozen rows per segment value.
  static let rollupMigrations: [Migration] = [
    Migration(version: 4, name: "sixteen-day rollups") { _ in
      """
      INSERT INTO rollups (survey_id, segment_name, segment_value, span_hours, bucket,
        promoters, passives, detractors)
      SELECT survey_id, segment_name, segment_value, 384,
        (bucket - (((bucket % 16) + 16) % 16)) / 16,
        sum(promoters), sum(passives), sum(detractors)
      FROM rollups WHERE span_hours = 24
      GROUP BY survey_id, segment_name, segment_value, (bucket - (((bucket % 16) + 16) % 16)) / 16;
      """
    }
  ]
}
