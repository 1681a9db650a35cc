import Foundation
import NPSCore

/// Rollup rows: counts per survey, segment value and UTC hour, kept in the transaction of
/// each response change. Hour buckets (not days) let a report honour day boundaries in any
/// time zone with a whole-hour offset; other edges are counted from rows (see Reports).
struct RollupKey: Hashable {
  var surveyID: Int64
  var segmentName: String
  var segmentValue: String
  var hourBucket: Int64
}

/// Pending changes to rollup rows, summed so each row is written once.
struct RollupDeltas {
  static let hour: Int64 = 3_600_000

  private(set) var deltas: [RollupKey: Tally] = [:]

  /// Adds (`sign` 1) or removes (`sign` -1) one response's counts: the whole-survey row
  /// (segment name '') and one row per segment property.
  mutating func add(
    surveyID: Int64, respondedAt: Int64, properties: [String: String], category: Category,
    sign: Int
  ) {
    let bucket = respondedAt.floorDivided(by: Self.hour)
    var delta = Tally()
    delta.add(category, count: sign)
    deltas[
      RollupKey(surveyID: surveyID, segmentName: "", segmentValue: "", hourBucket: bucket),
      default: Tally()] += delta
    for (name, value) in properties where !name.isEmpty {
      let key = RollupKey(
        surveyID: surveyID, segmentName: name, segmentValue: value, hourBucket: bucket)
      deltas[key, default: Tally()] += delta
    }
  }

  mutating func add(_ response: Response, sign: Int) {
    add(
      surveyID: response.surveyID, respondedAt: response.respondedAt.millisecondsSince1970,
      properties: response.properties, category: response.score.category, sign: sign)
  }

  /// Writes the summed changes.
  func apply(_ connection: any DatabaseConnection) throws {
    for (key, delta) in deltas where delta != Tally() {
      try connection.execute(
        """
        INSERT INTO rollups (survey_id, segment_name, segment_value, hour_bucket, promoters,
          passives, detractors)
        VALUES (\(key.surveyID), \(key.segmentName), \(key.segmentValue), \(key.hourBucket),
          \(delta.promoters), \(delta.passives), \(delta.detractors))
        ON CONFLICT (survey_id, segment_name, segment_value, hour_bucket) DO UPDATE SET
          promoters = rollups.promoters + excluded.promoters,
          passives = rollups.passives + excluded.passives,
          detractors = rollups.detractors + excluded.detractors
        """)
    }
  }
}

extension SQLStore {
  /// The hour bucket of `responded_at` in SQL, rounding down also before 1970.
  static let hourBucketSQL =
    "((r.responded_at - (((r.responded_at % 3600000) + 3600000) % 3600000)) / 3600000)"

  public func rebuildRollups() throws {
    let bucket = Self.hourBucketSQL
    try write { connection in
      try connection.execute("DELETE FROM rollups")
      try connection.execute(
        """
        INSERT INTO rollups (survey_id, segment_name, segment_value, hour_bucket, promoters,
          passives, detractors)
        SELECT r.survey_id, '', '', \(unsafe: bucket),
          sum(CASE WHEN r.score >= 9 THEN 1 ELSE 0 END),
          sum(CASE WHEN r.score BETWEEN 7 AND 8 THEN 1 ELSE 0 END),
          sum(CASE WHEN r.score <= 6 THEN 1 ELSE 0 END)
        FROM responses r GROUP BY r.survey_id, \(unsafe: bucket)
        """)
      try connection.execute(
        """
        INSERT INTO rollups (survey_id, segment_name, segment_value, hour_bucket, promoters,
          passives, detractors)
        SELECT r.survey_id, p.name, p.value, \(unsafe: bucket),
          sum(CASE WHEN r.score >= 9 THEN 1 ELSE 0 END),
          sum(CASE WHEN r.score BETWEEN 7 AND 8 THEN 1 ELSE 0 END),
          sum(CASE WHEN r.score <= 6 THEN 1 ELSE 0 END)
        FROM responses r JOIN response_properties p ON p.response_id = r.id
        GROUP BY r.survey_id, p.name, p.value, \(unsafe: bucket)
        """)
    }
  }
}
