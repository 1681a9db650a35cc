import Foundation

/// Assigns many instants to periods quickly: each period is computed by the calendar once and
/// then found again by binary search over the periods already seen.
///
/// Not thread-safe: one bucketer per loop.
public struct PeriodBucketer {
  public let granularity: Granularity
  public let calendar: PeriodCalendar
  /// Periods in the order they were first found; an index into it is a period's stable id.
  public private(set) var periods: [Period] = []
  /// Ids sorted by period start, with the starts and ends as seconds for fast comparison.
  private var sortedIDs: [Int] = []
  private var starts: [Double] = []
  private var ends: [Double] = []
  private var lastSlot = -1

  public init(granularity: Granularity, calendar: PeriodCalendar) {
    self.granularity = granularity
    self.calendar = calendar
  }

  /// The id (index into `periods`) of the period holding the instant given as seconds
  /// since 1970.
  public mutating func periodID(containing seconds: Double) -> Int {
    if lastSlot >= 0, seconds >= starts[lastSlot], seconds < ends[lastSlot] {
      return sortedIDs[lastSlot]
    }
    // Binary search: the last period starting at or before `seconds`.
    var low = 0
    var high = starts.count
    while low < high {
      let mid = (low + high) / 2
      if starts[mid] <= seconds { low = mid + 1 } else { high = mid }
    }
    let candidate = low - 1
    if candidate >= 0, seconds < ends[candidate] {
      lastSlot = candidate
      return sortedIDs[candidate]
    }
    let found = calendar.period(granularity, containing: Date(timeIntervalSince1970: seconds))
    let id = periods.count
    periods.append(found)
    sortedIDs.insert(id, at: low)
    starts.insert(found.start.timeIntervalSince1970, at: low)
    ends.insert(found.end.timeIntervalSince1970, at: low)
    lastSlot = low
    return id
  }

  /// The period holding the instant.
  public mutating func period(containing instant: Date) -> Period {
    periods[periodID(containing: instant.timeIntervalSince1970)]
  }
}
