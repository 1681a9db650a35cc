import Foundation
import NPSCore

/// Responses whose snapshot has `name` = `value` (e.g. agent = Ana).
public struct SegmentFilter: Sendable, Hashable, Codable {
  public var name: String
  public var value: String

  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }
}

/// The tally of one segment value.
public struct SegmentTally: Sendable, Hashable {
  public var value: String
  public var tally: Tally

  public init(value: String, tally: Tally) {
    self.value = value
    self.tally = tally
  }
}

/// Invitations sent in a period and how many of them were answered.
public struct ResponseRateCounts: Sendable, Hashable, Codable {
  public var sent: Int
  public var responded: Int

  public init(sent: Int, responded: Int) {
    self.sent = sent
    self.responded = responded
  }
}

/// A page of responses and how many match, counted up to a limit.
public struct ResponsePage: Sendable, Hashable {
  public var responses: [SurveyResponse]
  public var count: Int

  public init(responses: [SurveyResponse], count: Int) {
    self.responses = responses
    self.count = count
  }
}

/// Which responses to list, newest first.
public struct ResponseQuery: Sendable, Hashable {
  public var surveyID: Int64
  /// Half-open [start, end) on `respondedAt`; nil for all time.
  public var range: Range<Date>?
  public var category: Category?
  public var segment: SegmentFilter?
  /// Words that must all occur in the comment (whole words, any case); nil, or a text without
  /// a letter or digit (`--`), for no search. Search results come newest recorded first (by
  /// id) rather than by `respondedAt`.
  public var search: String?
  /// Only responses with a non-empty comment.
  public var withCommentOnly: Bool
  public var limit: Int
  public var offset: Int

  public init(
    surveyID: Int64, range: Range<Date>? = nil, category: Category? = nil,
    segment: SegmentFilter? = nil, search: String? = nil, withCommentOnly: Bool = false,
    limit: Int = 100, offset: Int = 0
  ) {
    self.surveyID = surveyID
    self.range = range
    self.category = category
    self.segment = segment
    self.search = search
    self.withCommentOnly = withCommentOnly
    self.limit = limit
    self.offset = offset
  }

  /// The words of a search text: its runs of letters and digits (every other character
  /// separates words, as SQLite's FTS5 `unicode61` tokenizer splits them; PostgreSQL splits
  /// comments the same way since migration 8). Nil when there are none, which is no search.
  public static func searchWords(_ text: String) -> [String]? {
    let words = text.split { !($0.isLetter || $0.isNumber) }.map(String.init)
    return words.isEmpty ? nil : words
  }
}
