/// The difference between the NPS of two independent groups: two periods, a segment against
/// the rest, or before against after a change.
public struct GroupComparison: Sendable, Hashable, Codable {
  /// NPS of the first group minus NPS of the second, on the -200...200 scale.
  public let difference: Double
  /// The standard error of the difference, in NPS points.
  public let standardError: Double
  /// difference / standardError; nil when the standard error is 0.
  public let z: Double?
  /// Two-sided p-value of "no difference"; nil when either group is empty.
  public let pValue: Double?
  public let interval: NPSInterval

  /// Compares two tallies; nil when either has no responses.
  ///
  /// The difference is of the plain NPS values. Its standard error adds the two groups'
  /// variances under `method` (with adjusted Wald, each group gets +3 responses and
  /// +0.75 promoters and detractors, so the error is never 0 for small or extreme groups).
  public init?(
    _ first: Tally, _ second: Tally, method: IntervalMethod = .adjustedWald,
    level: ConfidenceLevel = .ninetyFive
  ) {
    guard let firstNPS = first.nps, let secondNPS = second.nps else { return nil }
    let a = first.npsMoments(method: method)
    let b = second.npsMoments(method: method)
    let standardError = 100 * (a.variance / a.n + b.variance / b.n).squareRoot()
    let difference = firstNPS - secondNPS
    self.difference = difference
    self.standardError = standardError
    if standardError > 0 {
      let z = difference / standardError
      self.z = z
      self.pValue = NormalDistribution.twoSidedPValue(z)
    } else {
      self.z = nil
      self.pValue = difference == 0 ? 1 : 0
    }
    let halfWidth = level.z * standardError
    self.interval = NPSInterval(
      lower: max(-200, difference - halfWidth), upper: min(200, difference + halfWidth),
      method: method, level: level.level)
  }

  /// Whether the difference is significant at the given level (p < 1 − level).
  public func isSignificant(at level: ConfidenceLevel = .ninetyFive) -> Bool {
    guard let pValue else { return false }
    return pValue < 1 - level.level
  }
}
