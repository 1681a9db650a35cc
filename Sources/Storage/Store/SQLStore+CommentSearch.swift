import Foundation
import NPSCore

/// Full-text search of comments, fast whatever the words: matches come newest recorded first
/// (by id, the order the full-text index keeps), so a page reads only as many matches as it
/// shows instead of collecting and sorting every match of a common word. The other filters
/// (survey, period, category, segment) are exact conditions on each match.
extension SQLStore {
  /// How many of a period's index entries reading its id bounds may cost per comment outside
  /// the period that a walk without bounds may step over.
  static let searchBoundEntriesPerSkip = 20

  /// The words of a search (letters and digits only, so no search syntax reaches FTS5 or
  /// tsquery); nil when there are none.
  static func searchWords(_ search: String) -> [String]? {
    let words = search.split { !($0.isLetter || $0.isNumber) }.map(String.init)
    return words.isEmpty ? nil : words
  }

  /// How many responses match the query, counting no further than `limit` (so a common word
  /// costs no more than `limit` matches). With a search, the matches of `searchResponses`.
  public func countResponses(_ query: ResponseQuery, upTo limit: Int) throws -> Int {
    let inner: SQLQuery
    var walk = false
    if let search = query.search, let words = Self.searchWords(search) {
      // No response passes the other filters (e.g. an empty segment): nothing to walk through.
      guard try filteredCount(query) > 0 else { return 0 }
      let bounds = try searchIDBounds(query)
      inner = searchSelect(
        query, words: words, bounds: bounds, columns: "r.id", limit: limit, offset: 0)
      walk = try walksIDOrder(query, bounds: bounds, rows: limit)
    } else {
      let whereClause = SQLQuery.joined(Self.filterConditions(query), separator: " AND ")
      inner = "SELECT r.id FROM responses r WHERE \(whereClause) LIMIT \(limit)"
    }
    return try readSearch(walk: walk) { connection in
      Int(
        try connection.queryFirst("SELECT count(*) AS n FROM (\(inner)) matches")?
          .optionalInt("n") ?? 0)
    }
  }

  /// The responses whose comment has every word, newest recorded first.
  func searchResponses(_ query: ResponseQuery, words: [String]) throws -> [SurveyResponse] {
    // No response passes the other filters (e.g. an empty segment): nothing to walk through.
    guard try filteredCount(query) > 0 else { return [] }
    let bounds = try searchIDBounds(query)
    let select = searchSelect(
      query, words: words, bounds: bounds, columns: "r.*", limit: query.limit,
      offset: query.offset)
    let walk = try walksIDOrder(query, bounds: bounds, rows: query.offset + query.limit)
    return try readSearch(walk: walk) { connection in
      try connection.query(select).map(Self.response(from:))
    }
  }

  /// How many rows a backward walk of the primary key may step over per match the GIN index
  /// would fetch (and sort) instead: heap rows read in key order cost far less than matches
  /// fetched one by one from a bitmap.
  static let searchWalkRowsPerMatch = 20.0

  /// Whether PostgreSQL should find `rows` matches by walking the primary key backwards.
  /// Its planner estimates the matches of several words as the product of each word's
  /// frequency, which for words that come together ("slow support") is far too few: it then
  /// collects every match through the GIN index and sorts them (5 s for 167,000 matches of
  /// 10M responses). Here the least frequent word's frequency (from `pg_stats`, a bound on the
  /// frequency of all of them) and the share of rows the other filters keep (rollups over
  /// `reltuples`) say how far a walk goes, against the matches the GIN index would fetch. A
  /// word outside the most common elements is rare: the GIN index. Always false on SQLite.
  private func walksIDOrder(_ query: ResponseQuery, bounds: Range<Int64>?, rows: Int) throws
    -> Bool
  {
    guard dialect == .postgres, let search = query.search, let words = Self.searchWords(search)
    else { return false }
    let frequency = try read { connection -> Double in
      var least = 1.0
      for word in words {
        let row = try connection.queryFirst(
          """
          SELECT u.freq AS freq FROM pg_stats s,
            unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS u(elem, freq)
          WHERE s.schemaname = current_schema() AND s.tablename = 'responses'
            AND s.attname = 'comment_tsv' AND u.elem = lower(\(word))
          """)
        least = min(least, row?["freq"].double ?? 0)
      }
      return least
    }
    guard frequency > 0 else { return false }
    let kept = Double(try filteredCount(query))
    let tableRows = try read { connection in
      try connection.queryFirst(
        "SELECT reltuples AS n FROM pg_class WHERE oid = CAST('responses' AS regclass)")?["n"]
        .double ?? 0
    }
    guard kept > 0, tableRows > 0 else { return false }
    // Within id bounds the walk covers about as many rows as the bounds are wide.
    let covered = bounds.map { min(tableRows, Double(max(1, $0.count))) } ?? tableRows
    let walked = Double(rows) / (frequency * min(1, kept / covered))
    return walked <= Self.searchWalkRowsPerMatch * frequency * tableRows
  }

  /// The responses of the query's survey, period, segment and category, from the rollups
  /// (the search aside).
  private func filteredCount(_ query: ResponseQuery) throws -> Int {
    let range =
      query.range ?? Date(timeIntervalSince1970: 0)..<Date(timeIntervalSince1970: 4_102_444_800)
    guard
      let tally = try tallies(surveyID: query.surveyID, ranges: [range], segment: query.segment)
        .first
    else { return 0 }
    return switch query.category {
    case .promoter: tally.promoters
    case .passive: tally.passives
    case .detractor: tally.detractors
    case nil: tally.promoters + tally.passives + tally.detractors
    }
  }

  /// Runs a search's read; with `walk`, in a transaction where PostgreSQL may neither use a
  /// bitmap scan nor sort, so it walks the primary key backwards and stops after the page.
  private func readSearch<T: Sendable>(
    walk: Bool, _ body: (any DatabaseConnection) throws -> T
  ) throws -> T {
    guard walk else { return try read(body) }
    return try read { connection in
      try connection.execute("BEGIN")
      do {
        try connection.execute("SET LOCAL enable_bitmapscan = off")
        try connection.execute("SET LOCAL enable_sort = off")
        let result = try body(connection)
        try connection.execute("COMMIT")
        return result
      } catch {
        _ = try? connection.execute("ROLLBACK")
        throw error
      }
    }
  }

  /// The SELECT of a search: SQLite walks the FTS5 index backwards by rowid and joins each
  /// match to its response; PostgreSQL walks the primary key backwards filtered by `@@` for
  /// common words (see `walksIDOrder`) or uses the GIN index for rare ones.
  private func searchSelect(
    _ query: ResponseQuery, words: [String], bounds: Range<Int64>?, columns: SQLQuery,
    limit: Int, offset: Int
  ) -> SQLQuery {
    var conditions = Self.filterConditions(query)
    if let bounds {
      conditions.append("r.id >= \(bounds.lowerBound) AND r.id < \(bounds.upperBound)")
    }
    switch dialect {
    case .sqlite:
      let match = words.map { "\"\($0)\"" }.joined(separator: " ")
      if let bounds {
        // On the FTS5 table too, so its index starts and stops at the bounds.
        conditions.append("f.rowid >= \(bounds.lowerBound) AND f.rowid < \(bounds.upperBound)")
      }
      let whereClause = SQLQuery.joined(conditions, separator: " AND ")
      return """
        SELECT \(columns) FROM responses_fts f CROSS JOIN responses r ON r.id = f.rowid
        WHERE f.responses_fts MATCH \(match) AND \(whereClause)
        ORDER BY f.rowid DESC LIMIT \(limit) OFFSET \(offset)
        """
    case .postgres:
      conditions.append(
        "r.comment_tsv @@ plainto_tsquery('simple', \(words.joined(separator: " ")))")
      let whereClause = SQLQuery.joined(conditions, separator: " AND ")
      return """
        SELECT \(columns) FROM responses r WHERE \(whereClause)
        ORDER BY r.id DESC LIMIT \(limit) OFFSET \(offset)
        """
    }
  }

  /// From the smallest to past the largest id of the commented responses of the query's
  /// period (empty when it has none), when the comments before and after the period (counted
  /// from the rollups) are at least a twentieth of those in it, so a search over an old or a
  /// short period skips the matches outside it without reading them. Nil without a period or
  /// for one that covers (nearly) every comment.
  private func searchIDBounds(_ query: ResponseQuery) throws -> Range<Int64>? {
    guard let range = query.range, let extent = try responseExtent(surveyID: query.surveyID)
    else { return nil }
    let inRange = try commentCount(surveyID: query.surveyID, range: range)
    // Worth reading the period's index entries only when the comments outside it, which a
    // walk without bounds may step over, are many against them.
    let before =
      range.lowerBound > extent.lowerBound
      ? try commentCount(surveyID: query.surveyID, range: extent.lowerBound..<range.lowerBound)
      : 0
    let after =
      range.upperBound < extent.upperBound
      ? try commentCount(surveyID: query.surveyID, range: range.upperBound..<extent.upperBound)
      : 0
    guard (before + after) * Self.searchBoundEntriesPerSkip >= inRange, before + after > 0
    else { return nil }
    return try read { connection in
      let row = try connection.queryFirst(
        """
        SELECT min(id) AS lo, max(id) AS hi FROM responses
        WHERE survey_id = \(query.surveyID) AND responded_at >= \(range.lowerBound)
          AND responded_at < \(range.upperBound) AND comment IS NOT NULL AND comment <> ''
        """)
      guard let low = row?.optionalInt("lo"), let high = row?.optionalInt("hi") else {
        return 0..<0
      }
      return low..<(high + 1)
    }
  }
}
