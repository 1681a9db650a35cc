import Foundation

/// Finds the periods of a time zone: which day, ISO week, month, quarter or year an instant
/// falls in, with boundaries at local midnight (so a day may last 23 or 25 hours).
public struct PeriodCalendar: Sendable {
  public let timeZone: TimeZone
  private let calendar: Calendar

  public init(timeZone: TimeZone) {
    self.timeZone = timeZone
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    calendar.firstWeekday = 2
    calendar.minimumDaysInFirstWeek = 4
    self.calendar = calendar
  }

  /// A calendar for an IANA zone name such as `Europe/Berlin`; nil for an unknown name.
  public init?(timeZoneIdentifier: String) {
    guard let zone = TimeZone(ianaName: timeZoneIdentifier) else { return nil }
    self.init(timeZone: zone)
  }

  /// The period of the given length that contains `instant`.
  public func period(_ granularity: Granularity, containing instant: Date) -> Period {
    let parts = calendar.dateComponents([.year, .month, .day], from: instant)
    let year = parts.year!
    let month = parts.month!
    let day = parts.day!
    switch granularity {
    case .day:
      let start = midnight(year, month, day)
      return Period(
        granularity: .day, label: String(format: "%04d-%02d-%02d", year, month, day),
        start: start, end: midnight(year, month, day + 1))
    case .week:
      let weekParts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: instant)
      let weekday = calendar.component(.weekday, from: instant)
      let daysSinceMonday = (weekday + 5) % 7
      let start = midnight(year, month, day - daysSinceMonday)
      return Period(
        granularity: .week,
        label: String(format: "%04d-W%02d", weekParts.yearForWeekOfYear!, weekParts.weekOfYear!),
        start: start, end: midnight(year, month, day - daysSinceMonday + 7))
    case .month:
      return Period(
        granularity: .month, label: String(format: "%04d-%02d", year, month),
        start: midnight(year, month, 1), end: midnight(year, month + 1, 1))
    case .quarter:
      let quarter = (month - 1) / 3 + 1
      let firstMonth = (quarter - 1) * 3 + 1
      return Period(
        granularity: .quarter, label: String(format: "%04d-Q%d", year, quarter),
        start: midnight(year, firstMonth, 1), end: midnight(year, firstMonth + 3, 1))
    case .year:
      return Period(
        granularity: .year, label: String(format: "%04d", year),
        start: midnight(year, 1, 1), end: midnight(year + 1, 1, 1))
    }
  }

  /// Every period of the given length that overlaps [from, to), in order.
  public func periods(_ granularity: Granularity, from: Date, to: Date) -> [Period] {
    var result: [Period] = []
    var cursor = from
    while cursor < to {
      let period = period(granularity, containing: cursor)
      result.append(period)
      cursor = period.end
    }
    return result
  }

  /// The start of a local calendar day; days, months and years out of range roll over.
  public func midnight(_ year: Int, _ month: Int, _ day: Int) -> Date {
    var components = DateComponents()
    components.year = year
    components.month = 1
    components.day = 1
    let firstOfYear = calendar.date(from: components)!
    let firstOfMonth = calendar.date(byAdding: .month, value: month - 1, to: firstOfYear)!
    let target = calendar.date(byAdding: .day, value: day - 1, to: firstOfMonth)!
    return calendar.startOfDay(for: target)
  }
}
