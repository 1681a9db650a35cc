import Foundation
import NPSCore

/// Full-text search of comments, fast whatever the words: matches come newest recorded first
/// (by id, the order the full-text index keeps), so a page reads only as many matches as it
/// shows instead of collecting and sorting every match of a common word. The other filters
/// (survey, period, category, segment) are exact conditions on each match.
extension SQLStore {
  /// The words of a search (letters and digits only, so no search syntax reaches FTS5 or
  /// tsquery); nil when there are none: a search without words is no search.
  static func searchWords(_ search: String) -> [String]? {
    ResponseQuery.searchWords(search)
  }

  /// How many responses match the query, counting no further than `limit` (so a common word
  /// costs no more than `limit` matches). With a search, the matches of `searchResponses`.
  public func countResponses(_ query: ResponseQuery, upTo limit: Int) throws -> Int {
    guard let search = query.search, let words = Self.searchWords(search) else {
      let whereClause = SQLQuery.joined(Self.filterConditions(query), separator: " AND ")
      return try read { connection in
        Int(
          try connection.queryFirst(
            "SELECT count(*) AS n FROM (SELECT r.id FROM responses r WHERE \(whereClause) LIMIT \(limit)) matches"
          )?.optionalInt("n") ?? 0)
      }
    }
    guard let plan = try searchPlan(query, words: words, rows: limit) else { return 0 }
    return try countSearch(query, words: words, plan: plan, upTo: limit)
  }

  public func responsePage(_ query: ResponseQuery, countUpTo limit: Int) throws -> ResponsePage {
    guard let search = query.search, let words = Self.searchWords(search) else {
      return ResponsePage(
        responses: try responses(query), count: try countResponses(query, upTo: limit))
    }
    let rows = [query.offset + query.limit, limit]
    guard let plans = try searchPlans(query, words: words, rows: rows) else {
      return ResponsePage(responses: [], count: 0)
    }
    return ResponsePage(
      responses: try searchResponses(query, words: words, plan: plans[0]),
      count: try countSearch(query, words: words, plan: plans[1], upTo: limit))
  }

  /// The responses whose comment has every word, newest recorded first.
  func searchResponses(_ query: ResponseQuery, words: [String]) throws -> [SurveyResponse] {
    guard let plan = try searchPlan(query, words: words, rows: query.offset + query.limit)
    else { return [] }
    return try searchResponses(query, words: words, plan: plan)
  }

  /// The search's page read with `plan` (tests give each plan).
  func searchResponses(_ query: ResponseQuery, words: [String], plan: SearchPlan) throws
    -> [SurveyResponse]
  {
    let select = searchSelect(
      query, words: words, plan: plan, columns: "r.*", limit: query.limit, offset: query.offset)
    return try readSearch(plan) { connection in
      try connection.query(select).map(Self.response(from:))
    }
  }

  /// The search's matches counted up to `limit`, read with `plan`.
  func countSearch(_ query: ResponseQuery, words: [String], plan: SearchPlan, upTo limit: Int)
    throws -> Int
  {
    // PostgreSQL's index plan counts its candidates in the order the bitmap gives them and
    // stops at `limit` (sorting would fetch every candidate); the count is the same.
    let inner = searchSelect(
      query, words: words, plan: plan, columns: "r.id", limit: limit, offset: 0,
      sorted: dialect == .sqlite || plan.order == .walk)
    return try readSearch(plan) { connection in
      Int(
        try connection.queryFirst("SELECT count(*) AS n FROM (\(inner)) matches")?
          .optionalInt("n") ?? 0)
    }
  }

  /// Runs a search's read. On PostgreSQL in a transaction whose settings hold the planner to
  /// the plan: its estimate of several words' matches is the product of their frequencies,
  /// far too few for words that come together, so left alone it would collect and sort
  /// 167,000 matches of "slow support"; the walk may neither use a bitmap scan nor sort. The
  /// index plan is what the planner chooses anyway for the few candidates it is chosen for
  /// (its estimate is lower still); it gets the memory for an exact bitmap, since a lossy one
  /// rechecks every row of its pages, computing `nps_search_facets` for each (64 s for
  /// 167,000 candidates at 10M responses with the default 4 MB). No JIT: the walk's cost
  /// estimate passes `jit_above_cost`, and compiling took longer than the query.
  private func readSearch<T: Sendable>(
    _ plan: SearchPlan, _ body: (any DatabaseConnection) throws -> T
  ) throws -> T {
    guard dialect == .postgres else { return try read(body) }
    let settings: [SQLQuery] =
      switch plan.order {
      case .walk:
        ["SET LOCAL enable_bitmapscan = off", "SET LOCAL enable_sort = off", "SET LOCAL jit = off"]
      case .index: ["SET LOCAL work_mem = '64MB'", "SET LOCAL jit = off"]
      }
    return try readSettled(settings, body)
  }

  /// The SELECT of a search: the exact filters, the id bounds, and the words (with the
  /// plan's facets) through the full-text index, newest id first.
  private func searchSelect(
    _ query: ResponseQuery, words: [String], plan: SearchPlan, columns: SQLQuery, limit: Int,
    offset: Int, sorted: Bool = true
  ) -> SQLQuery {
    var conditions = Self.filterConditions(query)
    // A match has words in its comment: the condition of the partial indexes.
    if !query.withCommentOnly { conditions.append("r.comment IS NOT NULL AND r.comment <> ''") }
    if let bounds = plan.bounds {
      conditions.append("r.id >= \(bounds.lowerBound) AND r.id < \(bounds.upperBound)")
    }
    switch dialect {
    case .sqlite:
      if let bounds = plan.bounds {
        // On the FTS5 table too, so its index starts and stops at the bounds.
        conditions.append("f.rowid >= \(bounds.lowerBound) AND f.rowid < \(bounds.upperBound)")
      }
      let whereClause = SQLQuery.joined(conditions, separator: " AND ")
      return """
        SELECT \(columns) FROM comment_search f CROSS JOIN responses r ON r.id = f.rowid
        WHERE f.comment_search MATCH \(Self.ftsMatch(words, plan.facets)) AND \(whereClause)
        ORDER BY f.rowid DESC LIMIT \(limit) OFFSET \(offset)
        """
    case .postgres:
      func tsquery(_ words: [String]) -> SQLQuery {
        "plainto_tsquery('simple', nps_search_text(\(words.joined(separator: " "))))"
      }
      conditions.append("r.comment_tsv @@ \(tsquery(words))")
      if plan.order == .index {
        let terms = [tsquery(plan.indexWords ?? words)] + plan.facets.map(Self.tsFacet)
        conditions.append(
          """
          (r.comment_tsv || nps_search_facets(r.survey_id, r.score, r.properties))
            @@ (\(SQLQuery.joined(terms, separator: " && ")))
          """)
      }
      let whereClause = SQLQuery.joined(conditions, separator: " AND ")
      let order: SQLQuery = sorted ? " ORDER BY r.id DESC" : ""
      return """
        SELECT \(columns) FROM responses r WHERE \(whereClause)\(order)
        LIMIT \(limit) OFFSET \(offset)
        """
    }
  }

  /// An FTS5 query of `comment_search`: every word in the comment column and every facet's
  /// token in the facets column (tokens as `Schema.sqliteFacets` writes them).
  static func ftsMatch(_ words: [String], _ facets: [SearchFacet]) -> String {
    func property(_ segment: SegmentFilter) -> String {
      "p"
        + Array((segment.name + "\u{1F}" + segment.value).utf8).map {
          String(format: "%02X", $0)
        }.joined()
    }
    let tokens = facets.flatMap { facet -> [String] in
      switch facet {
      case .survey(let id): ["s\(id)"]
      case .category(let category): ["c" + category.rawValue]
      case .segment(let segment): [property(segment)]
      case .categorySegment(let category, let segment):
        ["c" + category.rawValue, property(segment)]
      }
    }
    return (words.map { "comment : \"\($0)\"" } + tokens.map { "facets : \"\($0)\"" })
      .joined(separator: " AND ")
  }

  /// A facet as a tsquery of its one lexeme (as `nps_search_facets` writes it).
  static func tsFacet(_ facet: SearchFacet) -> SQLQuery {
    switch facet {
    case .survey(let id): "CAST(quote_literal(\(":s\(id)")) AS tsquery)"
    case .category(let category): "CAST(quote_literal(\(":c" + category.rawValue)) AS tsquery)"
    case .segment(let segment):
      "CAST(quote_literal(':p' || md5(\(segment.name) || chr(31) || \(segment.value))) AS tsquery)"
    case .categorySegment(let category, let segment):
      """
      CAST(quote_literal(\(":c" + category.rawValue + ":p")
        || md5(\(segment.name) || chr(31) || \(segment.value))) AS tsquery)
      """
    }
  }
}
