import Foundation
import NPSCore

/// Choosing a comment search's plan from what the store already keeps: the rollups (how many
/// responses pass the filters), `comment_rollups` (the period's comments and their id bounds)
/// and, on PostgreSQL, the planner's statistics (`pg_stats`, `reltuples`).
extension SQLStore {
  /// Every instant a response may have when a query has no period.
  static let allTime =
    Date(timeIntervalSince1970: 0)..<Date(timeIntervalSince1970: 4_102_444_800)

  /// The plan of a search wanting `rows` matches; nil when nothing can match (no response
  /// passes the filters, or the period has no comment).
  func searchPlan(_ query: ResponseQuery, words: [String], rows: Int) throws -> SearchPlan? {
    try searchPlans(query, words: words, rows: [rows])?.first
  }

  /// The plans of a search for each number of rows wanted (a page, a count), from one reading
  /// of the counts and statistics; nil when nothing can match.
  func searchPlans(_ query: ResponseQuery, words: [String], rows: [Int]) throws -> [SearchPlan]? {
    let range = query.range ?? Self.allTime
    guard
      let tally = try tallies(surveyID: query.surveyID, ranges: [range], segment: query.segment)
        .first
    else { return nil }
    let kept =
      switch query.category {
      case .promoter: tally.promoters
      case .passive: tally.passives
      case .detractor: tally.detractors
      case nil: tally.n
      }
    guard kept > 0 else { return nil }
    let bounds = try query.range.flatMap { try commentIDBounds(surveyID: query.surveyID, $0) }
    if let bounds, bounds.ids.isEmpty { return nil }
    var facets: [SearchFacet] = []
    if try surveyCount() > 1 { facets.append(.survey(query.surveyID)) }
    switch (query.category, query.segment) {
    case (let category?, let segment?) where dialect == .postgres:
      facets.append(.categorySegment(category, segment))
    case (let category, let segment):
      if let category { facets.append(.category(category)) }
      if let segment { facets.append(.segment(segment)) }
    }
    guard dialect == .postgres else {
      // FTS5 keeps matches in id order: intersecting words and facets there is the walk.
      return rows.map { _ in SearchPlan(order: .index, facets: facets, bounds: bounds?.ids) }
    }
    let total =
      query.segment == nil
      ? tally.n
      : try tallies(surveyID: query.surveyID, ranges: [range], segment: nil).first?.n ?? 0
    // The walk's scope is the period's comments when ids bound it, else all of them; in both
    // cases the share passing category and segment is `kept` of the period's responses.
    let share = Double(kept) / Double(max(1, total))
    let statistics = try postgresSearchStatistics(words)
    // The index looks up the least frequent word, or the words without statistics (rarer
    // than every word listed).
    let unlisted = words.filter { statistics.shares[$0] == nil }
    let indexWords =
      unlisted.isEmpty
      ? statistics.shares.min { $0.value < $1.value }.map { [$0.key] } : unlisted
    let estimate = SearchEstimate(
      wordShare: statistics.wordShare, tableRows: statistics.tableRows,
      commentedRows: statistics.commentedRows,
      scopeComments: bounds.map { Double($0.comments) } ?? statistics.commentedRows,
      filterShare: share, facetShare: share)
    return rows.map {
      SearchPlan(
        order: SearchPlan.order(estimate, rows: $0), facets: facets, bounds: bounds?.ids,
        indexWords: indexWords)
    }
  }

  private func surveyCount() throws -> Int {
    try read { connection in
      Int(try connection.queryFirst("SELECT count(*) AS n FROM surveys")?.optionalInt("n") ?? 0)
    }
  }

  /// The id bounds of the comments in the UTC hours `range` touches (a superset of the
  /// period's: `comment_rollups` only widens an hour's bounds, a deleted or moved comment
  /// leaves them), and how many comments those hours have. Nil when the period holds every
  /// response of the survey (bounds would not narrow anything) or an hour's bounds are unknown.
  func commentIDBounds(surveyID: Int64, _ range: Range<Date>) throws
    -> (ids: Range<Int64>, comments: Int)?
  {
    let hour: Int64 = 3_600_000
    let start = range.lowerBound.millisecondsSince1970
    let end = range.upperBound.millisecondsSince1970
    guard start >= 0, end > start, let extent = try responseExtent(surveyID: surveyID),
      range.lowerBound > extent.lowerBound || range.upperBound < extent.upperBound
    else { return nil }
    return try read { connection in
      guard
        let row = try connection.queryFirst(
          """
          SELECT min(first_id) AS lo, max(last_id) AS hi, sum(n) AS n,
            sum(CASE WHEN n > 0 AND first_id IS NULL THEN 1 ELSE 0 END) AS unknown
          FROM comment_rollups
          WHERE survey_id = \(surveyID) AND hour >= \(start / hour) AND hour <= \((end - 1) / hour)
          """), row.optionalInt("unknown") ?? 0 == 0
      else { return nil }
      let comments = Int(row.optionalInt("n") ?? 0)
      guard let low = row.optionalInt("lo"), let high = row.optionalInt("hi"), comments > 0 else {
        return (0..<0, 0)
      }
      return (low..<(high + 1), comments)
    }
  }

  /// PostgreSQL's statistics for a search: the least frequent word's share of all responses
  /// (`most_common_elems` of `comment_tsv`; nil when a word is not among them), the rows of
  /// the table and the entries of the partial index of commented responses.
  private func postgresSearchStatistics(_ words: [String]) throws
    -> (wordShare: Double?, shares: [String: Double], tableRows: Double, commentedRows: Double)
  {
    try read { connection in
      var shares: [String: Double] = [:]
      for word in words {
        let row = try connection.queryFirst(
          """
          SELECT u.freq AS freq FROM pg_stats s,
            unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS u(elem, freq)
          WHERE s.schemaname = current_schema() AND s.tablename = 'responses'
            AND s.attname = 'comment_tsv' AND u.elem = btrim(nps_search_text(\(word)))
          """)
        if let share = row?["freq"].double { shares[word] = share }
      }
      let least = shares.count == words.count ? shares.values.min() : nil
      let sizes = try connection.queryFirst(
        """
        SELECT (SELECT reltuples FROM pg_class WHERE oid = CAST('responses' AS regclass)) AS t,
          (SELECT reltuples FROM pg_class
            WHERE oid = CAST('responses_commented_id' AS regclass)) AS c
        """)
      return (least, shares, sizes?["t"].double ?? 0, sizes?["c"].double ?? 0)
    }
  }
}
