import Foundation
import NPSCore

/// How a comment search reads its matches, chosen before reading any (see docs/dashboard.md,
/// *Comment search*). Whatever the plan, every filter is tested exactly on each row and the
/// matches come newest recorded (largest id) first, so plans differ in cost, never in results.
struct SearchPlan: Sendable, Hashable {
  enum Order: Sendable, Hashable {
    /// Walk the survey's commented responses backwards by id (PostgreSQL: the partial index
    /// `responses_commented_id`), testing the words and filters on each row, and stop after
    /// the rows wanted: cheap when many rows pass.
    case walk
    /// Look the words and facets up in the full-text index. SQLite's FTS5 keeps them in id
    /// order (it reads backwards and stops after the rows wanted); PostgreSQL's GIN index
    /// gives every candidate, which are then fetched and sorted: cheap when few pass.
    case index
  }

  var order: Order
  /// Filters looked up in the full-text index with the words (`.index` only).
  var facets: [SearchFacet]
  /// From the smallest to past the largest id of the period's comments (empty when it has
  /// none); nil when the period does not bound the ids.
  var bounds: Range<Int64>?
  /// The words PostgreSQL's index plan looks up (nil: all of them): the least frequent one,
  /// since intersecting a frequent word's long list in the GIN index costs more than testing
  /// it on the few rows the others leave (23 against 35 ms at 10M for "slow support" with two
  /// facets). Every word is still tested on each row.
  var indexWords: [String]? = nil
}

/// A filter the full-text index also holds as a token (migration 7, `Schema+Search.swift`).
enum SearchFacet: Sendable, Hashable {
  case survey(Int64)
  case category(NPSCore.Category)
  case segment(SegmentFilter)
  /// Both at once: one lexeme on PostgreSQL (SQLite's FTS5 intersects the two tokens).
  case categorySegment(NPSCore.Category, SegmentFilter)
}

/// What the store knows about a search before reading a match: counts from the rollups and,
/// on PostgreSQL, the planner's statistics. Shares are fractions (0...1).
struct SearchEstimate: Sendable, Hashable {
  /// The share of all responses whose comment has the search's least frequent word (an upper
  /// bound of the share having every word); nil when unknown: a word outside the statistics'
  /// most common elements (so rare), or no statistics yet.
  var wordShare: Double?
  /// Responses in the table, every survey.
  var tableRows: Double
  /// Commented responses in the table, every survey.
  var commentedRows: Double
  /// The commented responses a walk may visit: the survey's, within the id bounds.
  var scopeComments: Double
  /// The share of the responses in the walk's scope that pass the filters.
  var filterShare: Double
  /// The share of the table's responses that have every facet the index plan looks up.
  var facetShare: Double
}

extension SearchPlan {
  /// How many commented rows a walk may visit per candidate the GIN index gives instead: a
  /// walk reads index entries and heap rows in id order (2-7 µs a row at 10M responses); a
  /// candidate is a heap row of its own page fetched from a bitmap, tested, then sorted with
  /// the others (about 25 µs). Measured at 10M (docs/dashboard.md, *Comment search*).
  static let walkRowsPerIndexCandidate = 5.0

  /// Rows a walk visits to find `rows` passing rows, and the candidates the index gives.
  static func costs(_ estimate: SearchEstimate, rows: Int) -> (walk: Double, index: Double)? {
    guard let share = estimate.wordShare, share > 0, estimate.commentedRows > 0,
      estimate.tableRows > 0
    else { return nil }
    // Words occur only in comments: the share of commented rows that match.
    let matching = min(1, share * estimate.tableRows / estimate.commentedRows)
    let passing = matching * estimate.filterShare
    let walk =
      passing > 0 ? min(estimate.scopeComments, Double(rows) / passing) : estimate.scopeComments
    let index = share * estimate.tableRows * estimate.facetShare
    return (walk, index)
  }

  /// PostgreSQL's choice: the walk when it visits at most `walkRowsPerIndexCandidate` rows per
  /// candidate of the index; the index for a word without statistics (rare, or not analyzed).
  static func order(_ estimate: SearchEstimate, rows: Int) -> Order {
    guard let costs = costs(estimate, rows: rows) else { return .index }
    return costs.walk <= walkRowsPerIndexCandidate * costs.index ? .walk : .index
  }
}
