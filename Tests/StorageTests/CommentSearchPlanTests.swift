import Foundation
import NPSCore
import StoreTesting
import Testing

@testable import Storage

/// Every variant of the comments page's search (words; category, segment, period and their
/// combinations; pages; capped counts) gives the same answers with every plan the store can
/// choose: compared with a model computed from the responses listed without a search.
@Suite struct CommentSearchPlanTests {
  static let start = instant("2024-01-01T00:00:00Z")
  static let plans = ["free", "team", "business"]
  static let phrases = [
    "delivery was slow and support never answered", "great templates, easy to use",
    "export to PDF keeps failing", "fast support; friendly agent", "slow, slow export",
  ]

  /// 1,500 responses of the default survey an hour apart (two in three commented, every
  /// 250th commented "the invoice address was wrong", the rare word), 100 of them recorded
  /// later with early dates (so ids and dates disagree), 200 of a second survey with the same
  /// words; then changes the triggers must follow: re-imports that move a date, a plan and a
  /// score, comments changed, added and removed, and deleted responses.
  static func fill(_ store: SQLStore) throws -> (survey: Int64, other: Int64) {
    let survey = try #require(try store.survey(slug: "default"))
    let other = try store.createSurvey(
      Survey(slug: "other", name: "Other", question: survey.question), now: testNow)
    var random = SeededGenerator(seed: 7)
    func response(_ surveyID: Int64, _ id: String, _ index: Int, at hour: Int) throws
      -> NewResponse
    {
      let comment: String? =
        index % 3 == 2
        ? nil
        : index % 250 == 0 ? "the invoice address was wrong" : phrases[index % phrases.count]
      return NewResponse(
        surveyID: surveyID, externalID: id,
        score: try Score(Int.random(in: 0...10, using: &random)),
        comment: comment, respondedAt: start.addingTimeInterval(Double(hour) * 3600),
        source: .import,
        properties: [
          "plan": plans[Int.random(in: 0..<3, using: &random)],
          "agent": "agent-\(Int.random(in: 0..<4, using: &random))",
        ])
    }
    _ = try store.importResponses(
      try (0..<1400).map { try response(survey.id, "r\($0)", $0, at: $0) }, now: testNow)
    _ = try store.importResponses(
      try (0..<200).map { try response(other.id, "o\($0)", $0, at: $0 * 7) }, now: testNow)
    _ = try store.importResponses(
      try (0..<100).map { try response(survey.id, "late\($0)", 1400 + $0, at: $0 * 2) },
      now: testNow)
    // Re-imports replace: a new date (into the last hours), plan, score and comment.
    _ = try store.importResponses(
      try (0..<30).map { index in
        var row = try response(survey.id, "r\(index * 40)", index, at: 1390 + index % 10)
        row.comment = index % 2 == 0 ? "slow support after the move" : nil
        return row
      }, now: testNow)
    let listed = try store.responses(
      ResponseQuery(surveyID: survey.id, withCommentOnly: true, limit: 10_000))
    for (position, old) in listed.enumerated() where position % 37 == 0 {
      if position % 2 == 0 {
        try store.deleteResponse(id: old.id)
      } else {
        _ = try store.updateResponse(
          id: old.id, score: try Score(10), comment: "slow support, now a promoter", now: testNow)
      }
    }
    return (survey.id, other.id)
  }

  /// The lower-cased letters-and-digits words of a text.
  static func words(_ text: String) -> Set<String> {
    Set(text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init))
  }

  /// The model: the responses listed without a search, filtered in Swift, newest id first.
  static func model(_ store: SQLStore, _ query: ResponseQuery) throws -> [Int64] {
    var all = query
    all.search = nil
    all.limit = 100_000
    all.offset = 0
    let wanted = words(query.search ?? "")
    return try store.responses(all).filter { response in
      guard let comment = response.comment else { return false }
      return wanted.isSubset(of: words(comment))
    }.map(\.id).sorted(by: >)
  }

  /// The queries of the comments page's variants.
  static func variants(survey: Int64) -> [ResponseQuery] {
    let periods: [Range<Date>?] = [
      nil, hours(0, 200), hours(600, 1_000), hours(1_380, 1_500), hours(5_000, 6_000),
    ]
    let segments: [SegmentFilter?] = [
      nil, SegmentFilter(name: "plan", value: "team"), SegmentFilter(name: "plan", value: "none"),
    ]
    var queries: [ResponseQuery] = []
    for search in ["slow support", "PDF", "invoice", "zebra", "slow"] {
      for period in periods {
        for category in [nil, Category.promoter, .detractor] {
          for segment in segments {
            queries.append(
              ResponseQuery(
                surveyID: survey, range: period, category: category, segment: segment,
                search: search, withCommentOnly: true, limit: 51))
          }
        }
      }
    }
    return queries
  }

  static func hours(_ from: Int, _ to: Int) -> Range<Date> {
    start.addingTimeInterval(Double(from) * 3600)..<start.addingTimeInterval(Double(to) * 3600)
  }

  /// Every plan a search may run with: the store's own, and on SQLite without facets, on
  /// PostgreSQL both orders with and without facets; each with and without id bounds; the
  /// index with the least frequent word or all of them.
  static func plans(_ chosen: SearchPlan) -> [SearchPlan] {
    var plans: [SearchPlan] = []
    for order in [SearchPlan.Order.walk, .index] {
      for facets in [chosen.facets, []] {
        for bounds in [chosen.bounds, nil] {
          for indexWords in order == .index ? [chosen.indexWords, nil] : [nil] {
            plans.append(
              SearchPlan(order: order, facets: facets, bounds: bounds, indexWords: indexWords))
          }
        }
      }
    }
    return plans
  }

  @Test(arguments: StoreKind.allCases)
  func everyVariantGivesTheModelsAnswerWithEveryPlan(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let (survey, _) = try Self.fill(store)
      try store.optimize()
      var checked = 0
      for query in Self.variants(survey: survey) {
        let expected = try Self.model(store, query)
        let words = try #require(SQLStore.searchWords(query.search ?? ""))
        // The public path: the first page, the 21st page, and capped counts.
        #expect(try store.responses(query).map(\.id) == Array(expected.prefix(51)), "\(query)")
        var later = query
        later.offset = 20
        #expect(
          try store.responses(later).map(\.id) == Array(expected.dropFirst(20).prefix(51)),
          "\(query)")
        #expect(try store.countResponses(query, upTo: 1001) == min(expected.count, 1001))
        #expect(try store.countResponses(query, upTo: 7) == min(expected.count, 7))
        #expect(
          try store.responsePage(later, countUpTo: 1001)
            == ResponsePage(
              responses: try store.responses(later), count: min(expected.count, 1001)))
        // Each plan, when the store finds anything to read.
        guard let chosen = try store.searchPlan(query, words: words, rows: 51) else {
          #expect(expected.isEmpty, "\(query)")
          continue
        }
        for plan in Self.plans(chosen) {
          #expect(
            try store.searchResponses(query, words: words, plan: plan).map(\.id)
              == Array(expected.prefix(51)), "\(query) \(plan)")
          #expect(
            try store.countSearch(query, words: words, plan: plan, upTo: 5)
              == min(expected.count, 5), "\(query) \(plan)")
          checked += 1
        }
      }
      #expect(checked > 500)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func otherSurveysMatchesStayOut(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let (survey, other) = try Self.fill(store)
      for surveyID in [survey, other] {
        let query = ResponseQuery(
          surveyID: surveyID, search: "invoice", withCommentOnly: true, limit: 100)
        let found = try store.responses(query)
        #expect(found.allSatisfy { $0.surveyID == surveyID })
        #expect(found.map(\.id) == (try Self.model(store, query)))
        // Two surveys: the survey is a facet of the full-text lookup.
        let plan = try #require(try store.searchPlan(query, words: ["invoice"], rows: 100))
        #expect(plan.facets == [.survey(surveyID)])
      }
    }
  }

  @Test func theOrderFollowsTheEstimateOnEachSideOfTheThreshold() {
    // 1,000,000 responses, 100,000 commented; the word in 1% of all responses, so in a tenth
    // of the comments; all pass the filters: 51 rows cost a walk of 510 comments, against
    // 10,000 candidates of the index.
    var estimate = SearchEstimate(
      wordShare: 0.01, tableRows: 1_000_000, commentedRows: 100_000, scopeComments: 100_000,
      filterShare: 1, facetShare: 1)
    #expect(SearchPlan.order(estimate, rows: 51) == .walk)
    // Filters that keep 1 in 1,000: the walk would visit 100,000 comments (all of them) for
    // 1,001 rows, the index gives 10 candidates.
    estimate.filterShare = 0.001
    estimate.facetShare = 0.001
    #expect(SearchPlan.order(estimate, rows: 1001) == .index)
    // At the threshold: a walk of exactly `walkRowsPerIndexCandidate` (5) rows per candidate.
    // Share passing = 0.1 × k, walk = rows / (0.1 k), index = 10,000 k:
    // walk = 5 × index  ⇔  rows = 5,000 k² with k = 0.1: rows = 50.
    #expect(SearchPlan.walkRowsPerIndexCandidate == 5)
    estimate.filterShare = 0.1
    estimate.facetShare = 0.1
    let costs = SearchPlan.costs(estimate, rows: 50)
    #expect(abs((costs?.walk ?? 0) - 5 * (costs?.index ?? 0)) < 1e-6)
    #expect(SearchPlan.order(estimate, rows: 50) == .walk)
    #expect(SearchPlan.order(estimate, rows: 51) == .index)
    // A word without statistics (rare, or no ANALYZE yet): the index.
    estimate.wordShare = nil
    #expect(SearchPlan.order(estimate, rows: 1) == .index)
    // Statistics of an empty table: the index.
    estimate.wordShare = 0.5
    estimate.commentedRows = 0
    #expect(SearchPlan.order(estimate, rows: 1) == .index)
  }

  @Test(arguments: StoreKind.allCases)
  func theStoreChoosesByItsCounts(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let (survey, _) = try Self.fill(store)
      try store.optimize()
      func plan(
        _ words: [String], _ category: Category? = nil, _ plan: String? = nil,
        range: Range<Date>? = nil, rows: Int
      ) throws -> SearchPlan? {
        try store.searchPlan(
          ResponseQuery(
            surveyID: survey, range: range, category: category,
            segment: plan.map { SegmentFilter(name: "plan", value: $0) },
            search: words.joined(separator: " "), withCommentOnly: true),
          words: words, rows: rows)
      }
      let team = SearchFacet.segment(SegmentFilter(name: "plan", value: "team"))
      let common = try #require(try plan(["support"], rows: 51))
      let narrow = try #require(try plan(["slow", "support"], .promoter, "team", rows: 1001))
      let rare = try #require(try plan(["invoice"], rows: 51))
      #expect(
        narrow.facets
          == (kind == .sqlite
            ? [.survey(survey), .category(.promoter), team]
            : [
              .survey(survey),
              .categorySegment(.promoter, SegmentFilter(name: "plan", value: "team")),
            ]))
      if kind == .postgres {
        // "invoice" is in far fewer comments than "slow": the GIN index looks it up alone.
        let mixed = try #require(try plan(["slow", "invoice"], rows: 51))
        #expect(mixed.indexWords == ["invoice"])
        #expect(narrow.indexWords?.count == 1)
      }
      switch kind {
      case .sqlite:
        // FTS5 keeps every plan in id order: always the index, with the facets.
        #expect(common.order == .index && narrow.order == .index && rare.order == .index)
      case .postgres:
        // "support" is in 2 of 5 comments: 51 rows cost a walk of about 130 comments
        // against about 540 candidates of the GIN index.
        #expect(common.order == .walk)
        // Promoters of one plan (1 in 17 responses): 1,001 rows would walk every comment,
        // the index gives about 30 candidates.
        #expect(narrow.order == .index)
        #expect(rare.order == .index)
      }
      // The period's id bounds come from comment_rollups: a superset of its comments' ids.
      let period = Self.hours(600, 1_000)
      let bounded = try #require(try plan(["slow"], range: period, rows: 51))
      let bounds = try #require(bounded.bounds)
      let inPeriod = try store.responses(
        ResponseQuery(surveyID: survey, range: period, withCommentOnly: true, limit: 10_000))
      #expect(!inPeriod.isEmpty && inPeriod.allSatisfy { bounds.contains($0.id) })
      // A period without comments: nothing to read.
      #expect(try plan(["slow"], range: Self.hours(5_000, 6_000), rows: 51) == nil)
      // An empty segment: nothing to read.
      #expect(try plan(["slow"], nil, "none", rows: 51) == nil)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func migrationSevenBackFillsTheIndexAndTheIDBounds(kind: StoreKind) throws {
    try withStore(kind, migrate: false) { store, _ in
      try Migrator(migrations: Schema.migrations.filter { $0.version < 7 })
        .migrate(store.database, now: testNow)
      let (survey, _) = try Self.fill(store)
      try Migrator().migrate(store.database, now: testNow)
      #expect(try store.schemaVersion() == Schema.latestVersion)
      let unknown = try store.database.read { connection in
        try connection.queryFirst(
          "SELECT count(*) AS n FROM comment_rollups WHERE n > 0 AND (first_id IS NULL OR last_id IS NULL)"
        )?.int("n")
      }
      #expect(unknown == 0)
      try Self.expectSegmentsFollowTheResponses(store, surveys: [survey, 2])
      for query in Self.variants(survey: survey) where query.segment?.value != "none" {
        #expect(
          try store.responses(query).map(\.id) == Array(try Self.model(store, query).prefix(51)),
          "\(query)")
      }
      // And the triggers of version 7 keep it: a new comment is found at once.
      let added = try store.recordResponse(
        NewResponse(
          surveyID: survey, externalID: "new", score: try Score(9), comment: "zebra crossing",
          respondedAt: Self.hours(3, 4).lowerBound, source: .api, properties: ["plan": "team"]),
        now: testNow)
      let found = try store.responses(
        ResponseQuery(
          surveyID: survey, range: Self.hours(0, 10), category: .promoter,
          segment: SegmentFilter(name: "plan", value: "team"), search: "zebra",
          withCommentOnly: true))
      #expect(found.map(\.id) == [added.id])
    }
  }

  /// `comment_segments` as the triggers must keep it: one row per property of each commented
  /// response, with its survey, date and score.
  static func expectSegmentsFollowTheResponses(_ store: SQLStore, surveys: [Int64]) throws {
    var expected: [String] = []
    for survey in surveys {
      for response in try store.responses(
        ResponseQuery(surveyID: survey, withCommentOnly: true, limit: 100_000))
      {
        for (name, value) in response.properties {
          expected.append(
            "\(survey) \(name)=\(value) \(response.respondedAt.millisecondsSince1970) "
              + "\(response.id) \(response.score.value)")
        }
      }
    }
    let stored = try store.database.read { connection in
      try connection.query(
        "SELECT survey_id, name, value, responded_at, response_id, score FROM comment_segments"
      ).map { row in
        "\(try row.int("survey_id")) \(try row.string("name"))=\(try row.string("value")) "
          + "\(try row.int("responded_at")) \(try row.int("response_id")) \(try row.int("score"))"
      }
    }
    #expect(stored.sorted() == expected.sorted())
  }

  @Test(arguments: StoreKind.allCases)
  func themesOfASegmentReadItsNewestCommentsExactly(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let (survey, other) = try Self.fill(store)
      try Self.expectSegmentsFollowTheResponses(store, surveys: [survey, other])
      for period in [Self.hours(0, 2_000), Self.hours(600, 1_000), Self.hours(1_380, 1_500)] {
        for category in Category.allCases {
          for plan in Self.plans + ["none"] {
            let segment = SegmentFilter(name: "plan", value: plan)
            // The model: the listed responses of the filter, newest answered first.
            let listed = try store.responses(
              ResponseQuery(
                surveyID: survey, range: period, category: category, segment: segment,
                withCommentOnly: true, limit: 100_000))
            let texts = try store.commentTexts(
              surveyID: survey, range: period, category: category, segment: segment,
              limit: 100_000)
            #expect(
              texts.map(\.text).sorted() == listed.compactMap(\.comment).sorted(),
              "\(period) \(category) \(plan)")
            let newest = try store.commentTexts(
              surveyID: survey, range: period, category: category, segment: segment, limit: 5)
            let cutoff = listed.map(\.respondedAt).sorted(by: >).prefix(5).last
            #expect(newest.count == min(5, listed.count))
            // The five newest (up to ties at the fifth's date).
            let allowed = listed.filter { response in
              cutoff.map { response.respondedAt >= $0 } ?? false
            }.compactMap(\.comment)
            #expect(newest.allSatisfy { allowed.contains($0.text) })
          }
        }
      }
    }
  }
}
