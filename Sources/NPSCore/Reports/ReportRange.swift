import Foundation

/// The instants a report covers, one rule for `nps report`, `GET /api/v1/reports/nps` and the
/// dashboard: the dates asked for, and where one is left out, whole local days from the day of
/// the survey's first response through the day of its last. A survey without responses
/// reports the days from ``emptySurveyDays`` before `now` through today.
public enum ReportRange {
  /// How many days back a report of a survey without responses starts.
  public static let emptySurveyDays = 90

  /// The start and end (exclusive) of a report. `from` and `to` are what was asked for (a
  /// local midnight, or an instant); `responses` is the survey's response extent (its upper
  /// bound just after the last response). Without `to`, the range ends at the end of the day
  /// of the last response, or of the day of `from` when that is later. Without `from`, it
  /// starts at midnight of the day of the first response, or at `to` when that is earlier
  /// (an empty range: nothing is reported). With both, `start` may not be before `end`: the
  /// caller refuses that.
  public static func bounds(
    from: Date?, to: Date?, responses: Range<Date>?, calendar: PeriodCalendar, now: Date
  ) -> (start: Date, end: Date) {
    // The extent is half-open: its last instant is the last response.
    let first = responses?.lowerBound ?? now.addingTimeInterval(-Double(emptySurveyDays) * 86_400)
    let last = responses.map { $0.upperBound.addingTimeInterval(-0.001) } ?? now
    let start: Date
    if let from {
      start = from
    } else {
      let firstDay = calendar.period(.day, containing: first).start
      start = to.map { min(firstDay, $0) } ?? firstDay
    }
    let end = to ?? calendar.period(.day, containing: max(last, start)).end
    return (start, end)
  }

  /// The periods of `granularity` that overlap `range`, the first and last cut to it: the rows
  /// of a report's trend.
  public static func periods(
    _ granularity: Granularity, in range: Range<Date>, calendar: PeriodCalendar
  ) -> [Period] {
    calendar.periods(granularity, from: range.lowerBound, to: range.upperBound).map {
      Period(
        granularity: $0.granularity, label: $0.label, start: max($0.start, range.lowerBound),
        end: min($0.end, range.upperBound))
    }
  }
}
