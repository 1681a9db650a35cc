import Foundation
import NPSCore

extension SQLStore {
  /// Counts by category over rows, for the SELECT list.
  static let categorySums = """
    sum(CASE WHEN r.score >= 9 THEN 1 ELSE 0 END) AS promoters,
    sum(CASE WHEN r.score BETWEEN 7 AND 8 THEN 1 ELSE 0 END) AS passives,
    sum(CASE WHEN r.score <= 6 THEN 1 ELSE 0 END) AS detractors
    """

  /// A half-open range of milliseconds split into whole UTC days and whole UTC hours, read
  /// from rollups, and edges under an hour, counted from rows.
  struct RangeParts {
    var rows: [Range<Int64>] = []
    var hours: [Range<Int64>] = []
    var days: [Range<Int64>] = []

    init(start: Int64, end: Int64) {
      guard start < end else { return }
      let hour = RollupDeltas.hour
      let firstHour = -((-start).floorDivided(by: hour))
      let lastHour = end.floorDivided(by: hour)
      guard firstHour < lastHour else {
        rows = [start..<end]
        return
      }
      if start < firstHour * hour { rows.append(start..<firstHour * hour) }
      if lastHour * hour < end { rows.append(lastHour * hour..<end) }
      let firstDay = -((-firstHour).floorDivided(by: 24))
      let lastDay = lastHour.floorDivided(by: 24)
      guard firstDay < lastDay else {
        hours = [firstHour..<lastHour]
        return
      }
      if firstHour < firstDay * 24 { hours.append(firstHour..<firstDay * 24) }
      if lastDay * 24 < lastHour { hours.append(lastDay * 24..<lastHour) }
      days = [firstDay..<lastDay]
    }
  }

  /// A numbered piece of a report range.
  typealias Piece = (index: Int, range: Range<Int64>)

  /// `WITH q(idx, lo, hi) AS (VALUES ...)`: the pieces as a table to join.
  static func piecesTable(_ pieces: ArraySlice<Piece>) -> SQLQuery {
    let rows = pieces.map { piece -> SQLQuery in
      "(\(piece.index), \(piece.range.lowerBound), \(piece.range.upperBound))"
    }
    return "WITH q(idx, lo, hi) AS (VALUES \(SQLQuery.joined(rows, separator: ", "))) "
  }

  /// Splits the ranges into row, hour and day pieces, numbered by range.
  static func pieces(_ ranges: [Range<Date>]) -> (rows: [Piece], hours: [Piece], days: [Piece]) {
    var result: (rows: [Piece], hours: [Piece], days: [Piece]) = ([], [], [])
    for (index, range) in ranges.enumerated() {
      let parts = RangeParts(
        start: range.lowerBound.millisecondsSince1970, end: range.upperBound.millisecondsSince1970)
      result.rows += parts.rows.map { (index, $0) }
      result.hours += parts.hours.map { (index, $0) }
      result.days += parts.days.map { (index, $0) }
    }
    return result
  }

  /// Runs `query` once per chunk of pieces (bounding the number of parameters).
  static func chunked(
    _ pieces: [Piece], _ query: (ArraySlice<Piece>) -> SQLQuery,
    _ connection: any DatabaseConnection
  ) throws -> [SQLRow] {
    var rows: [SQLRow] = []
    for start in stride(from: 0, to: pieces.count, by: 300) {
      rows += try connection.query(query(pieces[start..<min(start + 300, pieces.count)]))
    }
    return rows
  }

  static let rollupSums = """
    sum(u.promoters) AS promoters, sum(u.passives) AS passives, sum(u.detractors) AS detractors
    """

  /// Sums for each piece (`q.idx`), or per `groupKey` over all pieces.
  ///
  /// SQLite's planner loops over the few pieces and seeks each range in the index. PostgreSQL's
  /// planner, given the same join, scanned every row of the segment once and compared it with
  /// every piece (58 ms for 52 weeks at 1M responses), so there each piece is a LATERAL
  /// sub-query: one index range scan per piece.
  static func perPiece(
    _ pieces: ArraySlice<Piece>, sums: String, from: SQLQuery, conditions: SQLQuery,
    groupKey: String?, _ dialect: SQLDialect
  ) -> SQLQuery {
    let table = piecesTable(pieces)
    switch (dialect, groupKey) {
    case (.sqlite, nil):
      return """
        \(table)SELECT q.idx AS idx, \(unsafe: sums) FROM q, \(from) WHERE \(conditions)
        GROUP BY q.idx
        """
    case (.sqlite, let key?):
      return """
        \(table)SELECT \(unsafe: key) AS segment_value, \(unsafe: sums) FROM q, \(from)
        WHERE \(conditions) GROUP BY \(unsafe: key)
        """
    case (.postgres, nil):
      return """
        \(table)SELECT q.idx AS idx, s.promoters, s.passives, s.detractors
        FROM q CROSS JOIN LATERAL (SELECT \(unsafe: sums) FROM \(from) WHERE \(conditions)) s
        """
    case (.postgres, let key?):
      return """
        \(table)SELECT s.segment_value, s.promoters, s.passives, s.detractors
        FROM q CROSS JOIN LATERAL (SELECT \(unsafe: key) AS segment_value, \(unsafe: sums)
          FROM \(from) WHERE \(conditions) GROUP BY \(unsafe: key)) s
        """
    }
  }

  public func tallies(surveyID: Int64, ranges: [Range<Date>], segment: SegmentFilter?) throws
    -> [Tally]
  {
    let (rowPieces, hourPieces, dayPieces) = Self.pieces(ranges)
    let name = segment?.name ?? ""
    let value = segment?.value ?? ""
    let dialect = dialect
    return try read { connection in
      var tallies = Array(repeating: Tally(), count: ranges.count)
      for (span, pieces) in [(Int64(1), hourPieces), (24, dayPieces)] {
        let conditions: SQLQuery = """
          u.survey_id = \(surveyID) AND u.segment_name = \(name) AND u.span_hours = \(span)
          AND u.segment_value = \(value) AND u.bucket >= q.lo AND u.bucket < q.hi
          """
        let rows = try Self.chunked(
          pieces,
          { chunk in
            Self.perPiece(
              chunk, sums: Self.rollupSums, from: "rollups u", conditions: conditions,
              groupKey: nil, dialect)
          }, connection)
        for row in rows { tallies[Int(try row.int("idx"))] += Self.tally(from: row) }
      }
      let from: SQLQuery =
        if let segment {
          """
          responses r JOIN response_properties p ON p.response_id = r.id
            AND p.name = \(segment.name) AND p.value = \(segment.value)
          """
        } else { "responses r" }
      let conditions: SQLQuery = """
        r.survey_id = \(surveyID) AND r.responded_at >= q.lo AND r.responded_at < q.hi
        """
      let rows = try Self.chunked(
        rowPieces,
        { chunk in
          Self.perPiece(
            chunk, sums: Self.categorySums, from: from, conditions: conditions, groupKey: nil,
            dialect)
        }, connection)
      for row in rows { tallies[Int(try row.int("idx"))] += Self.tally(from: row) }
      return tallies
    }
  }

  public func segmentTallies(surveyID: Int64, range: Range<Date>, segmentName: String) throws
    -> [SegmentTally]
  {
    guard !segmentName.isEmpty else { return [] }
    let (rowPieces, hourPieces, dayPieces) = Self.pieces([range])
    let dialect = dialect
    return try read { connection in
      var tallies: [String: Tally] = [:]
      var rows: [SQLRow] = []
      for (span, pieces) in [(Int64(1), hourPieces), (24, dayPieces)] where !pieces.isEmpty {
        rows += try connection.query(
          Self.perPiece(
            pieces[...], sums: Self.rollupSums, from: "rollups u",
            conditions: """
              u.survey_id = \(surveyID) AND u.segment_name = \(segmentName)
              AND u.span_hours = \(span) AND u.bucket >= q.lo AND u.bucket < q.hi
              """, groupKey: "u.segment_value", dialect))
      }
      if !rowPieces.isEmpty {
        rows += try connection.query(
          Self.perPiece(
            rowPieces[...], sums: Self.categorySums,
            from: """
              responses r JOIN response_properties p ON p.response_id = r.id
                AND p.name = \(segmentName)
              """,
            conditions: """
              r.survey_id = \(surveyID) AND r.responded_at >= q.lo AND r.responded_at < q.hi
              """, groupKey: "p.value", dialect))
      }
      for row in rows {
        tallies[try row.string("segment_value"), default: Tally()] += Self.tally(from: row)
      }
      return tallies.filter { $0.value.n > 0 }
        .map { SegmentTally(value: $0.key, tally: $0.value) }
        .sorted { ($0.tally.n, $1.value) > ($1.tally.n, $0.value) }
    }
  }

  /// The segment property names of a survey's responses, by a loose index scan (one index
  /// seek per name), so it costs the same with 10 or 10M responses: `SELECT DISTINCT` read all
  /// 458,000 rollup rows of 1M responses on PostgreSQL (166 ms). A name is listed when one of
  /// its day rollups still counts a response.
  public func segmentNames(surveyID: Int64) throws -> [String] {
    try read { connection in
      try connection.query(
        """
        WITH RECURSIVE names(name) AS (
          SELECT min(segment_name) FROM rollups WHERE survey_id = \(surveyID) AND segment_name > ''
          UNION ALL
          SELECT (SELECT min(u.segment_name) FROM rollups u
            WHERE u.survey_id = \(surveyID) AND u.segment_name > names.name)
          FROM names WHERE names.name IS NOT NULL
        )
        SELECT name FROM names WHERE name IS NOT NULL AND EXISTS (
          SELECT 1 FROM rollups v WHERE v.survey_id = \(surveyID) AND v.segment_name = names.name
            AND v.span_hours = 24 AND v.promoters + v.passives + v.detractors > 0)
        ORDER BY name
        """
      ).map { try $0.string("name") }
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

  public func responses(_ query: ResponseQuery) throws -> [SurveyResponse] {
    if let search = query.search, let words = Self.searchWords(search) {
      return try searchResponses(query, words: words)
    }
    let whereClause = SQLQuery.joined(Self.filterConditions(query), separator: " AND ")
    return try read { connection in
      try connection.query(
        """
        SELECT r.* FROM responses r WHERE \(whereClause)
        ORDER BY r.responded_at DESC, r.id DESC LIMIT \(query.limit) OFFSET \(query.offset)
        """
      ).map(Self.response(from:))
    }
  }

  /// The conditions of a query on `responses r` other than the search.
  static func filterConditions(_ query: ResponseQuery) -> [SQLQuery] {
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
    return conditions
  }

  static func tally(from row: SQLRow) -> Tally {
    Tally(
      promoters: Int(row.optionalInt("promoters") ?? 0),
      passives: Int(row.optionalInt("passives") ?? 0),
      detractors: Int(row.optionalInt("detractors") ?? 0))
  }
}
