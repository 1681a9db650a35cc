import Foundation
import NPSCore

/// A rollup row's key. Rollups count promoters, passives and detractors per survey, segment
/// value and UTC bucket, at three spans: hours (`spanHours` 1), UTC days (24) and sixteen UTC
/// days (384, counted from 1970-01-01). They are kept in the transaction of each response
/// change. A report range is read from whole sixteen-day buckets, then whole days, then whole
/// hours, then rows for the edges under an hour (see ``SQLStore/RangeParts``), so any time
/// zone's day boundaries are honoured and a report reads a few dozen rows per segment value.
struct RollupKey: Hashable {
  var surveyID: Int64
  var segmentName: String
  var segmentValue: String
  var spanHours: Int64
  var bucket: Int64
}

extension RollupKey {
  /// The order of the rollups primary key.
  static func lockOrder(_ a: RollupKey, _ b: RollupKey) -> Bool {
    if a.surveyID != b.surveyID { return a.surveyID < b.surveyID }
    if a.segmentName != b.segmentName { return a.segmentName < b.segmentName }
    if a.spanHours != b.spanHours { return a.spanHours < b.spanHours }
    if a.bucket != b.bucket { return a.bucket < b.bucket }
    return a.segmentValue < b.segmentValue
  }
}

/// Pending changes to rollup rows, summed so each row is written once.
///
/// Responses are counted into hour rows only; the day rows (and any longer span) are summed from
/// the hour rows when the changes are written, so a response costs one dictionary update per
/// segment row rather than one per span.
struct RollupDeltas {
  static let hour: Int64 = 3_600_000
  /// The bucket spans kept, in hours, shortest first; each divides the next.
  static let spans: [Int64] = [1, 24, 384]

  /// Changes to the hour rows (`spanHours` 1).
  private var hours: [RollupKey: Tally] = [:]

  /// Adds (`sign` 1) or removes (`sign` -1) one response's counts: the whole-survey rows
  /// (segment name '') and rows per segment property, at each span (kept as hour rows here;
  /// ``deltas`` derives the longer spans).
  mutating func add(
    surveyID: Int64, respondedAt: Int64, properties: [String: String], category: Category,
    sign: Int
  ) {
    var delta = Tally()
    delta.add(category, count: sign)
    let bucket = respondedAt.floorDivided(by: Self.hour)
    hours[
      RollupKey(
        surveyID: surveyID, segmentName: "", segmentValue: "", spanHours: 1, bucket: bucket),
      default: Tally()] += delta
    for (name, value) in properties where !name.isEmpty {
      let key = RollupKey(
        surveyID: surveyID, segmentName: name, segmentValue: value, spanHours: 1, bucket: bucket)
      hours[key, default: Tally()] += delta
    }
  }

  mutating func add(_ response: SurveyResponse, sign: Int) {
    add(
      surveyID: response.surveyID, respondedAt: response.respondedAt.millisecondsSince1970,
      properties: response.properties, category: response.score.category, sign: sign)
  }

  /// The summed changes of every span, without rows that do not change.
  var deltas: [RollupKey: Tally] {
    var all = hours
    for span in Self.spans where span != 1 {
      for (key, delta) in hours {
        var longer = key
        longer.spanHours = span
        longer.bucket = key.bucket.floorDivided(by: span)
        all[longer, default: Tally()] += delta
      }
    }
    return all.filter { $0.value != Tally() }
  }

  /// Writes the summed changes: on SQLite one prepared upsert bound per row, on PostgreSQL
  /// many rows per statement.
  func apply(_ connection: any DatabaseConnection) throws {
    try Self.apply(sortedChanges, connection)
  }

  /// ``deltas`` in the rollups key order: on SQLite each upsert lands next to the previous one
  /// in the B-tree; on PostgreSQL concurrent transactions lock rollup rows in one order and
  /// cannot deadlock.
  var sortedChanges: [(key: RollupKey, value: Tally)] {
    deltas.sorted { RollupKey.lockOrder($0.key, $1.key) }
  }

  /// Writes changes given in ``sortedChanges`` order.
  static func apply(
    _ sorted: [(key: RollupKey, value: Tally)], _ connection: any DatabaseConnection
  ) throws {
    guard !sorted.isEmpty else { return }
    if let sqlite = connection as? SQLiteConnection {
      try sqlite.insertRows(
        sorted, prefix: Self.upsertPrefix, tuple: Array(repeating: "?", count: 8),
        suffix: Self.upsertSuffix,
        bind: { statement, base, change in
          let (key, delta) = change
          try statement.bind(base + 1, key.surveyID)
          try statement.bind(base + 2, key.segmentName)
          try statement.bind(base + 3, key.segmentValue)
          try statement.bind(base + 4, key.spanHours)
          try statement.bind(base + 5, key.bucket)
          try statement.bind(base + 6, Int64(delta.promoters))
          try statement.bind(base + 7, Int64(delta.passives))
          try statement.bind(base + 8, Int64(delta.detractors))
        })
      return
    }
    // 8 parameters a row; 1,000 rows keep well under the parameter limit.
    for start in stride(from: 0, to: sorted.count, by: 1_000) {
      let rows = sorted[start..<min(start + 1_000, sorted.count)].map { key, delta -> SQLQuery in
        """
        (\(key.surveyID), \(key.segmentName), \(key.segmentValue), \(key.spanHours),
        \(key.bucket), \(delta.promoters), \(delta.passives), \(delta.detractors))
        """
      }
      try connection.execute(
        """
        INSERT INTO rollups (survey_id, segment_name, segment_value, span_hours, bucket,
          promoters, passives, detractors)
        VALUES \(SQLQuery.joined(rows, separator: ", "))
        ON CONFLICT (survey_id, segment_name, span_hours, bucket, segment_value) DO UPDATE SET
          promoters = rollups.promoters + excluded.promoters,
          passives = rollups.passives + excluded.passives,
          detractors = rollups.detractors + excluded.detractors
        """)
    }
  }

  /// The upsert of the SQLite path, around its rows (same effect as the PostgreSQL statement).
  static let upsertPrefix = """
    INSERT INTO rollups (survey_id, segment_name, segment_value, span_hours, bucket,
      promoters, passives, detractors) VALUES
    """
  static let upsertSuffix = """
    ON CONFLICT (survey_id, segment_name, span_hours, bucket, segment_value) DO UPDATE SET
      promoters = rollups.promoters + excluded.promoters,
      passives = rollups.passives + excluded.passives,
      detractors = rollups.detractors + excluded.detractors
    """
}

extension SQLStore {
  /// The bucket of `responded_at` for a span in SQL, rounding down also before 1970.
  static func bucketSQL(spanHours: Int64) -> String {
    let span = spanHours * RollupDeltas.hour
    return "((r.responded_at - (((r.responded_at % \(span)) + \(span)) % \(span))) / \(span))"
  }

  public func rebuildRollups() throws {
    try write { connection in
      try connection.execute("DELETE FROM rollups")
      for span in RollupDeltas.spans {
        let bucket = Self.bucketSQL(spanHours: span)
        try connection.execute(
          """
          INSERT INTO rollups (survey_id, segment_name, segment_value, span_hours, bucket,
            promoters, passives, detractors)
          SELECT r.survey_id, '', '', \(span), \(unsafe: bucket),
            sum(CASE WHEN r.score >= 9 THEN 1 ELSE 0 END),
            sum(CASE WHEN r.score BETWEEN 7 AND 8 THEN 1 ELSE 0 END),
            sum(CASE WHEN r.score <= 6 THEN 1 ELSE 0 END)
          FROM responses r GROUP BY r.survey_id, \(unsafe: bucket)
          """)
        try connection.execute(
          """
          INSERT INTO rollups (survey_id, segment_name, segment_value, span_hours, bucket,
            promoters, passives, detractors)
          SELECT r.survey_id, p.name, p.value, \(span), \(unsafe: bucket),
            sum(CASE WHEN r.score >= 9 THEN 1 ELSE 0 END),
            sum(CASE WHEN r.score BETWEEN 7 AND 8 THEN 1 ELSE 0 END),
            sum(CASE WHEN r.score <= 6 THEN 1 ELSE 0 END)
          FROM responses r JOIN response_properties p ON p.response_id = r.id
          GROUP BY r.survey_id, p.name, p.value, \(unsafe: bucket)
          """)
      }
    }
  }
}
