import Foundation
import NPSCore

/// When an interaction may have happened: not before 1970-01-01 and not more than one day
/// after the server's clock (the day allows for senders whose clocks run ahead).
///
/// The one rule for every way an interaction comes in (`POST /api/v1/interactions` and
/// `nps import interactions`, both through ``InteractionFields/check(now:timeZoneForDates:)``).
/// A later time would schedule an invitation that never comes due and, while it waits, blocks
/// every other invitation of the contact; most such times are milliseconds sent as seconds.
public enum OccurredAtRule {
  /// 1970-01-01T00:00:00Z.
  public static let earliest = Date(timeIntervalSince1970: 0)
  /// How far past the server's clock a time may be: one day.
  public static let futureAllowance: TimeInterval = 86_400

  /// The latest time allowed when the server's clock reads `now`.
  public static func latest(now: Date) -> Date {
    now.addingTimeInterval(futureAllowance)
  }

  /// Why `date` is refused (the detail of a problem with `occurred_at`), or nil when it is
  /// allowed. `given` is the value as the sender wrote it, quoted back in the detail; for a
  /// number of seconds (`isNumber`) that reads as a time since 2001 in milliseconds, the
  /// detail says that Unix times are seconds.
  public static func problem(_ date: Date, now: Date, given: String, isNumber: Bool = false)
    -> String?
  {
    if date < earliest {
      return "must not be before 1970-01-01T00:00:00Z (got \(given))"
    }
    guard date > latest(now: now) else { return nil }
    var detail = "must not be more than 1 day in the future (got \(given))"
    let asMilliseconds = date.timeIntervalSince1970 / 1000
    if isNumber, asMilliseconds >= 1_000_000_000,
      asMilliseconds <= latest(now: now).timeIntervalSince1970
    {
      detail += "; Unix times are seconds, not milliseconds"
    }
    return detail
  }

  /// A number of Unix seconds as the sender most likely wrote it: `1767225600123`, `1.5`,
  /// `1e+20`.
  static func text(seconds: Double) -> String {
    if seconds == seconds.rounded(), abs(seconds) < 9_007_199_254_740_992 {
      return String(Int64(seconds))
    }
    return String(seconds)
  }

  /// An instant already read (from a CSV column, say) for a problem's detail: ISO 8601 within
  /// the years 1-9999, Unix seconds beyond them.
  static func text(_ date: Date) -> String {
    let seconds = date.timeIntervalSince1970
    guard (-62_135_596_800...253_402_300_799).contains(seconds) else {
      return text(seconds: seconds) + " Unix seconds"
    }
    return ISO8601Instant.string(date)
  }
}
