import Foundation

/// Turns wall-clock times in one time zone into instants, caching the zone's offset per hour.
///
/// A wall-clock time that occurs twice (the hour repeated when clocks go back) means its first
/// occurrence; one that never occurs (the hour skipped when clocks go forward) is read with the
/// larger of the two offsets, that is, as the instant one hour earlier.
struct LocalTimeConverter {
  let timeZone: TimeZone
  /// The offset of a zone without transitions (UTC, fixed offsets), used without look-ups.
  private let fixedOffset: Int?
  private var cachedHour = Int.min
  private var cachedOffset = 0
  private var offsets: [Int: Int] = [:]

  init(timeZone: TimeZone) {
    self.timeZone = timeZone
    let epoch = Date(timeIntervalSince1970: -2_208_988_800)  // 1900-01-01
    fixedOffset =
      timeZone.nextDaylightSavingTimeTransition(after: epoch) == nil
      ? timeZone.secondsFromGMT(for: epoch) : nil
  }

  /// The instant (seconds since 1970 UTC) of `localSeconds`, a wall-clock time counted as if UTC.
  mutating func instant(localSeconds: Int) -> Int {
    if let fixedOffset { return localSeconds - fixedOffset }
    let hour = localSeconds >= 0 ? localSeconds / 3_600 : (localSeconds - 3_599) / 3_600
    if hour != cachedHour {
      if let known = offsets[hour] {
        cachedOffset = known
      } else {
        let guess = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(localSeconds)))
        var offset = timeZone.secondsFromGMT(
          for: Date(timeIntervalSince1970: Double(localSeconds - guess)))
        if offset != guess {
          // Near a transition: keep the offset that maps back to this wall-clock time, if any.
          let again = timeZone.secondsFromGMT(
            for: Date(timeIntervalSince1970: Double(localSeconds - offset)))
          if again != offset { offset = max(offset, again) }
        }
        if offsets.count > 100_000 { offsets.removeAll(keepingCapacity: true) }
        offsets[hour] = offset
        cachedOffset = offset
      }
      cachedHour = hour
    }
    return localSeconds - cachedOffset
  }
}
