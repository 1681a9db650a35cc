import Foundation

/// A reporting period: the half-open interval [start, end) of one day, ISO week, month,
/// quarter or year in a time zone, with the label a person reads ("2024-W10", "2024-03",
/// "2024-Q1", "2024-03-10", "2024").
public struct Period: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
  public let granularity: Granularity
  public let label: String
  /// The first instant of the period.
  public let start: Date
  /// The first instant after the period.
  public let end: Date

  public init(granularity: Granularity, label: String, start: Date, end: Date) {
    self.granularity = granularity
    self.label = label
    self.start = start
    self.end = end
  }

  public func contains(_ instant: Date) -> Bool { instant >= start && instant < end }

  public var description: String { label }

  public static func < (lhs: Period, rhs: Period) -> Bool { lhs.start < rhs.start }
}
