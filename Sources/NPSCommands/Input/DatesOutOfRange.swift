import Foundation
import NPSCore
import SurveyService

/// Import rows whose date was read but cannot be when a response was given: before
/// 1970-01-01 or more than a day after now (``OccurredAtRule``, the bound interactions have).
/// Such dates are mostly misread ones (milliseconds taken for seconds, a two-digit year) and
/// would sit outside every report; the rows are rejected, listed by line.
struct DatesOutOfRange {
  let now: Date
  private var rejected = RejectedLines()

  init(now: Date) {
    self.now = now
  }

  /// False (and counted) when the row's date is out of range.
  mutating func check(_ row: ResponseRow, _ layout: ResponseTableLayout) -> Bool {
    guard let date = row.date,
      date < OccurredAtRule.earliest || date > OccurredAtRule.latest(now: now)
    else { return true }
    rejected.add(
      line: row.line,
      text: layout.dateColumn.map { row.trimmedString(at: $0) } ?? ISO8601Instant.string(date))
    return false
  }

  var count: Int { rejected.count }

  func report(console: Console) {
    rejected.report(
      reason: "date before 1970-01-01 or more than 1 day in the future", console: console)
  }
}
