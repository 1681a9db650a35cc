import Foundation
import NPSCore
import Storage

/// The NPS in a window before a change against the same window after it.
struct ChangeImpact: Sendable {
  let before: Tally
  let after: Tally
  /// After minus before; nil when either side has no responses.
  let comparison: GroupComparison?

  /// Reads both windows (`days` each side, `[date − days, date)` and `[date, date + days)`).
  static func measure(
    change: Change, surveyID: Int64, days: Int, segment: SegmentFilter? = nil, store: SQLStore
  ) throws -> ChangeImpact {
    let window = TimeInterval(days) * 86400
    let tallies = try store.tallies(
      surveyID: surveyID,
      ranges: [
        change.changedAt.addingTimeInterval(-window)..<change.changedAt,
        change.changedAt..<change.changedAt.addingTimeInterval(window),
      ], segment: segment)
    return ChangeImpact(
      before: tallies[0], after: tallies[1], comparison: GroupComparison(tallies[1], tallies[0]))
  }
}
