/// How the interval around an NPS is computed.
public enum IntervalMethod: String, Sendable, Hashable, Codable, CaseIterable {
  /// Adjusted Wald (Rocks 2016): add 3 to n and 0.75 to promoters and to detractors, then Wald.
  /// Honest for small samples and for scores at the extremes; the default.
  case adjustedWald = "adjusted-wald"
  /// The plain Wald interval: NPS ± z·√((p + d − (p − d)²) / n).
  case wald
}

/// A confidence level such as 95%, with its two-sided critical value.
public struct ConfidenceLevel: Sendable, Hashable, Codable {
  /// The level as a fraction, 0 < level < 1.
  public let level: Double
  /// The two-sided normal critical value (1.959964 for 0.95).
  public let z: Double

  /// Creates a level; throws when it is not strictly between 0 and 1.
  public init(_ level: Double) throws(StatisticsError) {
    guard level > 0, level < 1, level.isFinite else { throw .invalidConfidenceLevel(level) }
    self.level = level
    self.z = NormalDistribution.criticalValue(confidence: level)
  }

  public static let ninetyFive = try! ConfidenceLevel(0.95)
}

/// Errors from the statistics of NPSCore.
public enum StatisticsError: Error, Sendable, Hashable, CustomStringConvertible {
  case invalidConfidenceLevel(Double)
  case invalidMargin(Double)
  case invalidShares(promoters: Double, detractors: Double)

  public var description: String {
    switch self {
    case .invalidConfidenceLevel(let level):
      "confidence level must be between 0 and 1 (exclusive), got \(level)"
    case .invalidMargin(let margin):
      "margin must be more than 0 and at most 100 NPS points, got \(margin)"
    case .invalidShares(let promoters, let detractors):
      "expected shares must be 0...1 and sum to at most 1, got \(promoters) and \(detractors)"
    }
  }
}

/// An interval around an NPS, on the -100...100 scale.
public struct NPSInterval: Sendable, Hashable, Codable {
  public let lower: Double
  public let upper: Double
  public let method: IntervalMethod
  public let level: Double

  /// Half the width of the interval: the "±" a person reads.
  public var margin: Double { (upper - lower) / 2 }
}

extension Tally {
  /// The confidence interval of this tally's NPS; nil with no responses.
  /// Bounds are clipped to [-100, 100].
  public func interval(
    method: IntervalMethod = .adjustedWald, level: ConfidenceLevel = .ninetyFive
  ) -> NPSInterval? {
    guard n > 0 else { return nil }
    let (center, variance, size) = npsMoments(method: method)
    let halfWidth = level.z * (variance / size).squareRoot()
    return NPSInterval(
      lower: max(-100, 100 * (center - halfWidth)), upper: min(100, 100 * (center + halfWidth)),
      method: method, level: level.level)
  }

  /// The NPS as a fraction (-1...1), its per-response variance and the effective n
  /// under the given method. Callers check `n > 0` first.
  func npsMoments(method: IntervalMethod) -> (center: Double, variance: Double, n: Double) {
    let adjustment: (count: Double, size: Double) =
      method == .adjustedWald ? (0.75, 3) : (0, 0)
    let size = Double(n) + adjustment.size
    let p = (Double(promoters) + adjustment.count) / size
    let d = (Double(detractors) + adjustment.count) / size
    let center = p - d
    return (center, max(0, p + d - center * center), size)
  }
}
