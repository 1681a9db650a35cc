import Foundation
import NPSCore

extension SQLStore {
  /// Counts by category over rows, for the SELECT list.
  static let categorySums = """
    sum(CASE WHEN r.score >= 9 THEN 1 ELSE 0 END) AS promoters,
    sum(CASE WHEN r.score BETWEEN 7 AND 8 THEN 1 ELSE 0 END) AS passives,
    sum(CASE WHEN r.score <= 6 THEN 1 ELSE 0 END) AS detractors
    """

  /// A range split into whole UTC hours read from rollups and the edges (under an hour each)
  /// counted from rows.
  struct RangeParts {
    var hours: Range<Int64>?
    var rowRanges: [Range<Int64>]

    init(start: Int64, end: Int64) {
      let hour = RollupDeltas.hour
      let firstHour = -((-start).floorDivided(by: hour))  // ceiling
      let lastHour = end.floorDivided(by: hour)
      if firstHour < lastHour {
        hours = firstHour..<lastHour
        rowRanges = [start..<firstHour * hour, lastHour * hour..<end].filter { !$0.isEmpty }
      } else {
        hours = nil
        rowRanges = start < end ? [start..<end] : []
      }
    }
  }

  public func tallies(surveyID: Int64, ranges: [Range<Date>], segment: SegmentFilter?) throws
    -> [Tally]
  {
    try read { connection in
      try ranges.map { range in
        let parts = RangeParts(
          start: range.lowerBound.millisecondsSince1970,
          end: range.upperBound.millisecondsSince1970)
        var tally = Tally()
        if let hours = parts.hours {
          let name = segment?.name ?? ""
          let value = segment?.value ?? ""
          if let row = try connection.queryFirst(
            """
            SELECT sum(promoters) AS promoters, sum(passives) AS passives,
              sum(detractors) AS detractors
            FROM rollups
            WHERE survey_id = \(surveyID) AND segment_name = \(name) AND segment_value = \(value)
              AND hour_bucket >= \(hours.lowerBound) AND hour_bucket < \(hours.upperBound)
            """)
          {
            tally += Self.tally(from: row)
          }
        }
        for rows in parts.rowRanges {
          let join: SQLQuery =
            if let segment {
              """
               JOIN response_properties p ON p.response_id = r.id AND p.name = \(segment.name)
                AND p.value = \(segment.value)
              """
            } else { "" }
          if let row = try connection.queryFirst(
            """
            SELECT \(unsafe: Self.categorySums) FROM responses r\(join)
            WHERE r.survey_id = \(surveyID) AND r.responded_at >= \(rows.lowerBound)
              AND r.responded_at < \(rows.upperBound)
            """)
          {
            tally += Self.tally(from: row)
          }
        }
        return tally
      }
    }
  }

  public func segmentTallies(surveyID: Int64, range: Range<Date>, segmentName: String) throws
    -> [SegmentTally]
  {
    guard !segmentName.isEmpty else { return [] }
    return try read { connection in
      let parts = RangeParts(
        start: range.lowerBound.millisecondsSince1970, end: range.upperBound.millisecondsSince1970)
      var tallies: [String: Tally] = [:]
      if let hours = parts.hours {
        for row in try connection.query(
          """
          SELECT segment_value, sum(promoters) AS promoters, sum(passives) AS passives,
            sum(detractors) AS detractors
          FROM rollups
          WHERE survey_id = \(surveyID) AND segment_name = \(segmentName)
            AND hour_bucket >= \(hours.lowerBound) AND hour_bucket < \(hours.upperBound)
          GROUP BY segment_value
          """)
        {
          tallies[try row.string("segment_value"), default: Tally()] += Self.tally(from: row)
        }
      }
      for rows in parts.rowRanges {
        for row in try connection.query(
          """
          SELECT p.value AS segment_value, \(unsafe: Self.categorySums)
          FROM responses r JOIN response_properties p ON p.response_id = r.id
            AND p.name = \(segmentName)
          WHERE r.survey_id = \(surveyID) AND r.responded_at >= \(rows.lowerBound)
            AND r.responded_at < \(rows.upperBound)
          GROUP BY p.value
          """)
        {
          tallies[try row.string("segment_value"), default: Tally()] += Self.tally(from: row)
        }
      }
      return tallies.filter { $0.value.n > 0 }
        .map { SegmentTally(value: $0.key, tally: $0.value) }
        .sorted { ($0.tally.n, $1.value) > ($1.tally.n, $0.value) }
    }
  }

  public func segmentNames(surveyID: Int64) throws -> [String] {
    try read { connection in
      try connection.query(
        """
        SELECT DISTINCT segment_name FROM rollups
        WHERE survey_id = \(surveyID) AND segment_name <> ''
          AND promoters + passives + detractors > 0
        ORDER BY segment_name
        """
      ).map { try $0.string("segment_name") }
    }
  }

  public func responseRate(surveyID: Int64, range: Range<Date>) throws -> ResponseRateCounts {
    try read { connection in
      let row = try connection.queryFirst(
        """
        SELECT count(*) AS sent, count(r.id) AS responded
        FROM invitations i LEFT JOIN responses r ON r.invitation_id = i.id
        WHERE i.survey_id = \(surveyID) AND i.sent_at >= \(range.lowerBound)
          AND i.sent_at < \(range.upperBound)
        """)
      return ResponseRateCounts(
        sent: Int(row?.optionalInt("sent") ?? 0), responded: Int(row?.optionalInt("responded") ?? 0)
      )
    }
  }

  public func responses(_ query: ResponseQuery) throws -> [Response] {
    var conditions: [SQLQuery] = ["r.survey_id = \(query.surveyID)"]
    if let range = query.range {
      conditions.append("r.responded_at >= \(range.lowerBound)")
      conditions.append("r.responded_at < \(range.upperBound)")
    }
    switch query.category {
    case .promoter: conditions.append("r.score >= 9")
    case .passive: conditions.append("r.score BETWEEN 7 AND 8")
    case .detractor: conditions.append("r.score <= 6")
    case nil: break
    }
    if let segment = query.segment {
      conditions.append(
        """
        EXISTS (SELECT 1 FROM response_properties p WHERE p.response_id = r.id
          AND p.name = \(segment.name) AND p.value = \(segment.value))
        """)
    }
    if query.withCommentOnly {
      conditions.append("r.comment IS NOT NULL AND r.comment <> ''")
    }
    if let search = query.search, let condition = Self.searchCondition(search, dialect) {
      conditions.append(condition)
    }
    let whereClause = SQLQuery.joined(conditions, separator: " AND ")
    return try read { connection in
      try connection.query(
        """
        SELECT r.* FROM responses r WHERE \(whereClause)
        ORDER BY r.responded_at DESC, r.id DESC LIMIT \(query.limit) OFFSET \(query.offset)
        """
      ).map(Self.response(from:))
    }
  }

  /// A condition matching comments that contain every word of `search` (any case). Words are
  /// letters and digits only, so no search syntax reaches FTS5 or tsquery. Nil for no words.
  static func searchCondition(_ search: String, _ dialect: SQLDialect) -> SQLQuery? {
    let words = search.split { !($0.isLetter || $0.isNumber) }.map(String.init)
    guard !words.isEmpty else { return nil }
    switch dialect {
    case .sqlite:
      let match = words.map { "\"\($0)\"" }.joined(separator: " ")
      return "r.id IN (SELECT rowid FROM responses_fts WHERE responses_fts MATCH \(match))"
    case .postgres:
      return "r.comment_tsv @@ plainto_tsquery('simple', \(words.joined(separator: " ")))"
    }
  }

  static func tally(from row: SQLRow) -> Tally {
    Tally(
      promoters: Int(row.optionalInt("promoters") ?? 0),
      passives: Int(row.optionalInt("passives") ?? 0),
      detractors: Int(row.optionalInt("detractors") ?? 0))
  }
}
