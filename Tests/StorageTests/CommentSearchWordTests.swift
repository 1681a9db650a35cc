import Foundation
import NPSCore
import StoreTesting
import Testing

@testable import Storage

/// Comment search splits words as SQLite's FTS5 `unicode61` tokenizer does, on both stores
/// (migration 8 for PostgreSQL): every character that is not a letter or digit separates
/// words, case and diacritics of Latin letters do not count, and a search without a word is
/// no search.
@Suite struct CommentSearchWordTests {
  static let comments = [
    "UI/UX is great", "edit/templates please", "iPad/tablet app", "e.g. miro.com rocks",
    "well-known", "UX matters", "templates are slow", "Café crème, naïve ÜBER",
    "don’t break", "Σίσυφος",
  ]

  /// The comments, one response each, an hour apart.
  static func fill(_ store: SQLStore) throws {
    let start = CommentSearchTests.start
    _ = try store.importResponses(
      try comments.enumerated().map { index, comment in
        NewResponse(
          surveyID: 1, externalID: "w\(index)", score: try Score(index % 11), comment: comment,
          respondedAt: start.addingTimeInterval(Double(index) * 3600), source: .import)
      }, now: testNow)
  }

  /// Each search and the comments it finds (in any order).
  static let expected: [(search: String, found: Set<String>)] = [
    ("ux", ["UI/UX is great", "UX matters"]),
    ("templates", ["edit/templates please", "templates are slow"]),
    ("tablet", ["iPad/tablet app"]),
    ("e", ["e.g. miro.com rocks"]),
    ("miro", ["e.g. miro.com rocks"]),
    ("com", ["e.g. miro.com rocks"]),
    ("known", ["well-known"]),
    ("well", ["well-known"]),
    // A search splits the same way: every word, wherever it is.
    ("ui/ux", ["UI/UX is great"]),
    ("e.g", ["e.g. miro.com rocks"]),
    ("miro.com", ["e.g. miro.com rocks"]),
    ("ipad tablet", ["iPad/tablet app"]),
    ("don", ["don’t break"]),
    ("t", ["don’t break"]),
    // Case and the diacritics of Latin letters do not count.
    ("cafe", ["Café crème, naïve ÜBER"]),
    ("CAFÉ creme", ["Café crème, naïve ÜBER"]),
    ("naive über", ["Café crème, naïve ÜBER"]),
    ("ΣΊΣΥΦΟΣ", ["Σίσυφος"]),
    ("σίσυφοσ", ["Σίσυφος"]),
    // Whole words only.
    ("templ", []),
    ("iui", []),
  ]

  static func expectSearches(_ store: SQLStore) throws {
    for (search, found) in expected {
      let query = ResponseQuery(surveyID: 1, search: search, withCommentOnly: true, limit: 100)
      #expect(Set(try store.responses(query).compactMap(\.comment)) == found, "\(search)")
      #expect(try store.countResponses(query, upTo: 100) == found.count, "\(search)")
      let page = try store.responsePage(query, countUpTo: 100)
      #expect(Set(page.responses.compactMap(\.comment)) == found, "\(search)")
      #expect(page.count == found.count, "\(search)")
    }
  }

  @Test(arguments: StoreKind.allCases)
  func wordsJoinedByPunctuationAreFoundOnBothStores(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      try Self.fill(store)
      try Self.expectSearches(store)
      // With statistics (PostgreSQL's plan reads them for each word): the same answers.
      try store.optimize()
      try Self.expectSearches(store)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func aSearchWithoutAWordIsNoSearch(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      try Self.fill(store)
      let all = try store.responses(ResponseQuery(surveyID: 1, withCommentOnly: true))
      #expect(all.count == Self.comments.count)
      for search in ["’", "--", " / . ", ""] {
        let query = ResponseQuery(surveyID: 1, search: search, withCommentOnly: true)
        #expect(ResponseQuery.searchWords(search) == nil)
        #expect(try store.responses(query) == all, "\(search)")
        #expect(try store.countResponses(query, upTo: 100) == all.count, "\(search)")
        #expect(try store.responsePage(query, countUpTo: 100).count == all.count, "\(search)")
      }
    }
  }

  /// A store made at version 7, with the comments, finds their words after migration 8 (on
  /// PostgreSQL `comment_tsv` and `responses_search` are made again from the rows), and
  /// indexes a new comment the same way.
  @Test(arguments: StoreKind.allCases)
  func migrationEightSplitsTheStoredComments(kind: StoreKind) throws {
    try withStore(kind, migrate: false) { store, _ in
      try Migrator(migrations: Schema.migrations.filter { $0.version < 8 })
        .migrate(store.database, now: testNow)
      #expect(try store.schemaVersion() == 7)
      try Self.fill(store)
      #expect(
        try store.migrate(now: testNow) == Schema.migrations.map(\.version).filter { $0 >= 8 })
      try Self.expectSearches(store)
      if kind == .postgres {
        let indexes = try store.database.read { connection in
          try connection.query(
            """
            SELECT indexname FROM pg_indexes
            WHERE schemaname = current_schema() AND tablename = 'responses'
              AND indexname IN ('responses_search', 'responses_commented_id')
            ORDER BY indexname
            """
          ).compactMap { $0["indexname"].text }
        }
        #expect(indexes == ["responses_commented_id", "responses_search"])
      }
      let added = try store.recordResponse(
        NewResponse(
          surveyID: 1, externalID: "new", score: try Score(9), comment: "Dark-mode/UX, please",
          respondedAt: CommentSearchTests.start, source: .api),
        now: testNow)
      let found = try store.responses(
        ResponseQuery(surveyID: 1, search: "mode ux", withCommentOnly: true))
      #expect(found.map(\.id) == [added.id])
    }
  }
}
