import Foundation
import NPSCore

extension SQLStore {
  /// Counts by category over rows, for the SELECT list.
  static let categorySums = """
    sum(CASE WHEN r.score >= 9 THEN 1 ELSE 0 END) AS promoters,
    sum(CASE WHEN r.score BETWEEN 7 AND 8 THEN 1 ELSE 0 END) AS passives,
    sum(CASE WHEN r.score <= 6 THEN 1 ELSE 0 END) AS detractors
    """

  /// A half-open range of milliseconds split into whole buckets of each rollup span, read from
  /// rollups, and edges under an hour, counted from rows.
  ///
  /// The range is cut from the longest span down: the whole buckets of the longest span that
  /// fit inside it, then at both ends the whole buckets of the next shorter span, and so on
  /// down to hours; what is left at the ends (under an hour, only when a boundary is not on a
  /// whole UTC hour) is counted from rows. A year thus reads about 22 sixteen-day rows, up to
  /// 30 day rows and up to 46 hour rows, instead of 365 day rows.
  struct RangeParts {
    /// Edges under an hour, in milliseconds.
    var rows: [Range<Int64>] = []
    /// Bucket ranges per span (hours), in the span's bucket numbers; shorter spans first.
    var buckets: [(spanHours: Int64, ranges: [Range<Int64>])] = []

    init(start: Int64, end: Int64, spans: [Int64] = RollupDeltas.spans) {
      guard start < end else { return }
      // The inner range, narrowed span by span, in milliseconds; each level keeps its edges.
      var lower = start
      var upper = end
      var levels: [(spanHours: Int64, ranges: [Range<Int64>])] = []
      var edges: [Range<Int64>] = []
      for span in spans {
        let width = span * RollupDeltas.hour
        let first = -((-lower).floorDivided(by: width))
        let last = upper.floorDivided(by: width)
        guard first < last else { break }
        // The edges outside this span's whole buckets belong to the previous level.
        if lower < first * width { edges.append(lower..<first * width) }
        if last * width < upper { edges.append(last * width..<upper) }
        if levels.isEmpty {
          rows = edges
        } else {
          let previous = levels[levels.count - 1].spanHours * RollupDeltas.hour
          levels[levels.count - 1].ranges = edges.map {
            ($0.lowerBound / previous)..<($0.upperBound / previous)
          }
        }
        edges = []
        lower = first * width
        upper = last * width
        levels.append((span, [first..<last]))
      }
      if levels.isEmpty { rows = [start..<end] }
      buckets = levels.filter { !$0.ranges.isEmpty }
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

  /// The pieces of report ranges: rows (milliseconds) and bucket ranges per rollup span,
  /// numbered by range.
  struct Pieces {
    var rows: [Piece] = []
    /// Per span in hours, in the order of ``RollupDeltas/spans``.
    var buckets: [(spanHours: Int64, pieces: [Piece])] = RollupDeltas.spans.map { ($0, []) }
  }

  /// Splits the ranges into row pieces and bucket pieces per span, numbered by range.
  static func pieces(_ ranges: [Range<Date>]) -> Pieces {
    var result = Pieces()
    for (index, range) in ranges.enumerated() {
      let parts = RangeParts(
        start: range.lowerBound.millisecondsSince1970, end: range.upperBound.millisecondsSince1970)
      result.rows += parts.rows.map { (index, $0) }
      for level in parts.buckets {
        let slot = result.buckets.firstIndex { $0.spanHours == level.spanHours }!
        result.buckets[slot].pieces += level.ranges.map { (index, $0) }
      }
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
    groupKey: String?, perPiece: Bool = false, _ dialect: SQLDialect
  ) -> SQLQuery {
    let table = piecesTable(pieces)
    if let key = groupKey, perPiece {
      // Sums per piece and key.
      switch dialect {
      case .sqlite:
        return """
          \(table)SELECT q.idx AS idx, \(unsafe: key) AS segment_value, \(unsafe: sums)
          FROM q, \(from) WHERE \(conditions) GROUP BY q.idx, \(unsafe: key)
          """
      case .postgres:
        return """
          \(table)SELECT q.idx AS idx, s.segment_value, s.promoters, s.passives, s.detractors
          FROM q CROSS JOIN LATERAL (SELECT \(unsafe: key) AS segment_value, \(unsafe: sums)
            FROM \(from) WHERE \(conditions) GROUP BY \(unsafe: key)) s
          """
      }
    }
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

  /// A response's properties as rows `j.key`, `j.value`, read from `r.properties` (the edges
  /// under an hour read few rows; `response_properties` is keyed for "which responses have
  /// name = value", not "what values has this response").
  static func propertyPairs(_ dialect: SQLDialect) -> SQLQuery {
    switch dialect {
    case .sqlite: "json_each(r.properties) j"
    case .postgres: "jsonb_each_text(r.properties::jsonb) j"
    }
  }

  public func tallies(surveyID: Int64, ranges: [Range<Date>], segment: SegmentFilter?) throws
    -> [Tally]
  {
    let pieces = Self.pieces(ranges)
    let rowPieces = pieces.rows
    let name = segment?.name ?? ""
    let value = segment?.value ?? ""
    let dialect = dialect
    return try read { connection in
      var tallies = Array(repeating: Tally(), count: ranges.count)
      for (span, pieces) in pieces.buckets where !pieces.isEmpty {
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

  public func segmentPeriodTallies(
    surveyID: Int64, ranges: [Range<Date>], segmentName: String
  ) throws -> [String: [Tally]] {
    guard !segmentName.isEmpty, !ranges.isEmpty else { return [:] }
    let pieces = Self.pieces(ranges)
    let dialect = dialect
    return try read { connection in
      var rows: [SQLRow] = []
      for (span, pieces) in pieces.buckets where !pieces.isEmpty {
        rows += try Self.chunked(
          pieces,
          { chunk in
            Self.perPiece(
              chunk, sums: Self.rollupSums, from: "rollups u",
              conditions: """
                u.survey_id = \(surveyID) AND u.segment_name = \(segmentName)
                AND u.span_hours = \(span) AND u.bucket >= q.lo AND u.bucket < q.hi
                """, groupKey: "u.segment_value", perPiece: true, dialect)
          }, connection)
      }
      rows += try Self.chunked(
        pieces.rows,
        { chunk in
          Self.perPiece(
            chunk, sums: Self.categorySums, from: "responses r, \(Self.propertyPairs(dialect))",
            conditions: """
              r.survey_id = \(surveyID) AND r.responded_at >= q.lo AND r.responded_at < q.hi
                AND j.key = \(segmentName)
              """, groupKey: "j.value", perPiece: true, dialect)
        }, connection)
      var tallies: [String: [Tally]] = [:]
      for row in rows {
        let value = try row.string("segment_value")
        tallies[value, default: Array(repeating: Tally(), count: ranges.count)][
          Int(try row.int("idx"))] += Self.tally(from: row)
      }
      return tallies.filter { $0.value.contains { $0.n > 0 } }
    }
  }

  public func segmentTallies(surveyID: Int64, range: Range<Date>, segmentName: String) throws
    -> [SegmentTally]
  {
    guard !segmentName.isEmpty else { return [] }
    let pieces = Self.pieces([range])
    let rowPieces = pieces.rows
    let dialect = dialect
    return try read { connection in
      var tallies: [String: Tally] = [:]
      var rows: [SQLRow] = []
      for (span, pieces) in pieces.buckets where !pieces.isEmpty {
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
            from: "responses r, \(Self.propertyPairs(dialect))",
            conditions: """
              r.survey_id = \(surveyID) AND r.responded_at >= q.lo AND r.responded_at < q.hi
                AND j.key = \(segmentName)
              """, groupKey: "j.value", dialect))
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
