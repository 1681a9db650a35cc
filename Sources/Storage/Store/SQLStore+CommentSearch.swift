import Foundation
import NPSCore

/// Full-text search of comments, fast whatever the words: matches come newest recorded first
/// (by id, the order the full-text index keeps), so a page reads only as many matches as it
/// shows instead of collecting and sorting every match of a common word. The other filters
/// (survey, period, category, segment) are exact conditions on each match.
extension SQLStore {
  /// Comments per period up to which a search also bounds the ids it reads by the period's
  /// first and last commented response (read from the partial index `responses_commented`).
  static let searchBoundLimit = 100_000

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
    if let search = query.search, let words = Self.searchWords(search) {
      inner = try searchSelect(query, words: words, columns: "r.id", limit: limit, offset: 0)
    } else {
      let whereClause = SQLQuery.joined(Self.filterConditions(query), separator: " AND ")
      inner = "SELECT r.id FROM responses r WHERE \(whereClause) LIMIT \(limit)"
    }
    return try read { connection in
      Int(
        try connection.queryFirst("SELECT count(*) AS n FROM (\(inner)) matches")?
          .optionalInt("n") ?? 0)
    }
  }

  /// The responses whose comment has every word, newest recorded first.
  func searchResponses(_ query: ResponseQuery, words: [String]) throws -> [SurveyResponse] {
    let select = try searchSelect(
      query, words: words, columns: "r.*", limit: query.limit, offset: query.offset)
    return try read { connection in try connection.query(select).map(Self.response(from:)) }
  }

  /// The SELECT of a search: SQLite walks the FTS5 index backwards by rowid and joins each
  /// match to its response; PostgreSQL chooses between the GIN index and a backward walk of
  /// the primary key filtered by `@@`, whichever its statistics say reads less.
  private func searchSelect(
    _ query: ResponseQuery, words: [String], columns: SQLQuery, limit: Int, offset: Int
  ) throws -> SQLQuery {
    var conditions = Self.filterConditions(query)
    let bounds = try searchIDBounds(query)
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
  /// period (empty when it has none), when the period has at most `searchBoundLimit` comments
  /// (counted from the rollups), so a search over an old, short period skips the newer
  /// matches without reading them. Nil without a period or for a longer one.
  private func searchIDBounds(_ query: ResponseQuery) throws -> Range<Int64>? {
    guard let range = query.range,
      try commentCount(surveyID: query.surveyID, range: range) <= Self.searchBoundLimit
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
