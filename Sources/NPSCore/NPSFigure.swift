import Foundation

/// One group of responses described the same way everywhere (CLI JSON, API, exports):
/// `{"n": 10, "promoters": 5, "passives": 3, "detractors": 2, "nps": 30.0,
///   "margin95": 42.13, "ci95": [-19.05, 65.2]}`, optionally with a period and a segment.
///
/// `nps` is unrounded; it, the margin and the interval are `null` when `n` is 0.
public struct NPSFigure: Sendable, Hashable {
  public var tally: Tally
  public var interval: NPSInterval?
  public var period: Period?
  public var segment: Segment?
  /// The comparison with the rest of the responses, for segment reports.
  public var comparison: GroupComparison?
  /// The confidence level of the intervals, e.g. 0.95.
  public var level: Double

  /// A segment: a property name and one of its values.
  public struct Segment: Sendable, Hashable, Codable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
      self.name = name
      self.value = value
    }
  }

  public init(
    tally: Tally, method: IntervalMethod = .adjustedWald, level: ConfidenceLevel = .ninetyFive,
    period: Period? = nil, segment: Segment? = nil, comparison: GroupComparison? = nil
  ) {
    self.tally = tally
    self.interval = tally.interval(method: method, level: level)
    self.period = period
    self.segment = segment
    self.comparison = comparison
    self.level = level.level
  }

  public var nps: Double? { tally.nps }

  /// The level as it appears in key names: 95 for 0.95, 99.9 for 0.999.
  var levelSuffix: String {
    let percent = level * 100
    return percent == percent.rounded() ? String(Int(percent)) : String(percent)
  }
}

extension NPSFigure {
  /// The figure in the design's shape, keys in order.
  public var json: JSONValue {
    var members: [(String, JSONValue)] = []
    if let period {
      members += [
        ("period", .string(period.label)), ("start", .string(ISO8601Instant.string(period.start))),
        ("end", .string(ISO8601Instant.string(period.end))),
      ]
    }
    if let segment {
      members.append(
        ("segment", .object([("name", .string(segment.name)), ("value", .string(segment.value))])))
    }
    members += [
      ("n", .int(tally.n)), ("promoters", .int(tally.promoters)),
      ("passives", .int(tally.passives)), ("detractors", .int(tally.detractors)),
      ("nps", .number(tally.nps)), ("margin\(levelSuffix)", .number(interval?.margin)),
      (
        "ci\(levelSuffix)",
        interval.map { .array([.number($0.lower), .number($0.upper)]) } ?? .null
      ),
    ]
    if let comparison {
      members.append(
        (
          "vs_rest",
          .object([
            ("difference", .number(comparison.difference)),
            ("standard_error", .number(comparison.standardError)), ("z", .number(comparison.z)),
            ("p_value", .number(comparison.pValue)),
            (
              "ci\(levelSuffix)",
              .array([.number(comparison.interval.lower), .number(comparison.interval.upper)])
            ),
          ])
        ))
    }
    return .object(members)
  }
}

/// Formats instants as ISO 8601 in UTC with a `Z`, e.g. `2024-03-04T00:00:00Z`.
public enum ISO8601Instant {
  /// `2024-01-05T10:00:00Z`, with milliseconds when the instant has them
  /// (`2024-01-05T10:00:00.250Z`), so a stored instant is written back exactly;
  /// `alwaysMilliseconds` writes `.000` too (the API's fixed width).
  ///
  /// The milliseconds are the instant's rounded whole milliseconds, as the store keeps them: a
  /// Double of seconds such as 1767225622.001 is a hair below .001, which a formatter that
  /// truncates writes as .000.
  public static func string(_ date: Date, alwaysMilliseconds: Bool = false) -> String {
    let scaled = (date.timeIntervalSince1970 * 1000).rounded()
    // Past 2^53 ms (about 285,000 years) a Double has no milliseconds left to split, and past
    // Int64 the conversion would trap: write what the calendar formatter makes of it.
    guard abs(scaled) < 9_007_199_254_740_992 else { return date.formatted(.iso8601) }
    let milliseconds = Int64(scaled)
    let fraction = ((milliseconds % 1000) + 1000) % 1000
    let seconds = (milliseconds - fraction) / 1000
    let whole = Date(timeIntervalSince1970: Double(seconds)).formatted(.iso8601)
    guard fraction != 0 || alwaysMilliseconds, whole.hasSuffix("Z") else { return whole }
    let digits = String(fraction)
    return whole.dropLast() + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
  }
}
