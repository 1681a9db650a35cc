/// The length of a reporting period.
public enum Granularity: String, Sendable, Hashable, Codable, CaseIterable {
  case day
  /// An ISO 8601 week: Monday to Sunday, numbered so week 1 holds the year's first Thursday.
  case week
  case month
  case quarter
  case year

  /// Parses `day`, `week`, `month`, `quarter` or `year` (also `daily`, `weekly`...).
  public init?(name: String) {
    let lowered = name.lowercased()
    if let value = Granularity(rawValue: lowered) {
      self = value
      return
    }
    switch lowered {
    case "daily": self = .day
    case "weekly": self = .week
    case "monthly": self = .month
    case "quarterly": self = .quarter
    case "yearly", "annual": self = .year
    default: return nil
    }
  }
}
