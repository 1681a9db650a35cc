import Foundation

/// One group of responses described the same way everywhere (CLI JSON, API, exports):
/// `{"n": 10, "promoters": 5, "passives": 3, "detractors": 2, "nps": 30.0,
///   "margin95": 42.13, "ci95": [-19.05, 65.2]}`, optionally with a period and a segment.
///
/// `nps` is unrounded; it, the margin and the interval are `null` when `n` is 0.
public struct NPSFigure: Sendable, Hashable, Encodable {
  public var tally: Tally
  public var interval: NPSInterval?
  public var period: Period?
  public var segment: Segment?
  /// The comparison with the rest of the responses, for segment reports.
  public var comparison: GroupComparison?

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
  }

  public var nps: Double? { tally.nps }

  private struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  /// The level as it appears in key names: 95 for 0.95, 99.9 for 0.999.
  private var levelSuffix: String {
    let percent = (interval?.level ?? 0.95) * 100
    return percent == percent.rounded() ? String(Int(percent)) : String(percent)
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: Key.self)
    if let period {
      try container.encode(period.label, forKey: Key("period"))
      try container.encode(ISO8601Instant.string(period.start), forKey: Key("start"))
      try container.encode(ISO8601Instant.string(period.end), forKey: Key("end"))
    }
    if let segment {
      try container.encode(segment, forKey: Key("segment"))
    }
    try container.encode(tally.n, forKey: Key("n"))
    try container.encode(tally.promoters, forKey: Key("promoters"))
    try container.encode(tally.passives, forKey: Key("passives"))
    try container.encode(tally.detractors, forKey: Key("detractors"))
    try container.encode(tally.nps, forKey: Key("nps"))
    try container.encode(interval?.margin, forKey: Key("margin\(levelSuffix)"))
    if let interval {
      try container.encode([interval.lower, interval.upper], forKey: Key("ci\(levelSuffix)"))
    } else {
      try container.encodeNil(forKey: Key("ci\(levelSuffix)"))
    }
    if let comparison {
      var nested = container.nestedContainer(keyedBy: Key.self, forKey: Key("vs_rest"))
      try nested.encode(comparison.difference, forKey: Key("difference"))
      try nested.encode(comparison.standardError, forKey: Key("standard_error"))
      try nested.encode(comparison.z, forKey: Key("z"))
      try nested.encode(comparison.pValue, forKey: Key("p_value"))
      try nested.encode(
        [comparison.interval.lower, comparison.interval.upper], forKey: Key("ci\(levelSuffix)"))
    }
  }
}

/// Formats instants as ISO 8601 in UTC with a `Z`, e.g. `2024-03-04T00:00:00Z`.
public enum ISO8601Instant {
  public static func string(_ date: Date) -> String {
    date.formatted(.iso8601)
  }
}
