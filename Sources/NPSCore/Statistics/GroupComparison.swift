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
  /// `difference` is of the plain NPS values, as people read them. The test and the interval
  /// use the same estimates as each group's interval: with adjusted Wald each group gets
  /// +3 responses and +0.75 promoters and detractors, so the standard error is never 0 and a
  /// group of one or two responses is not declared different from the rest on its own.
  public init?(
    _ first: Tally, _ second: Tally, method: IntervalMethod = .adjustedWald,
    level: ConfidenceLevel = .ninetyFive
  ) {
    guard let firstNPS = first.nps, let secondNPS = second.nps else { return nil }
    let a = first.npsMoments(method: method)
    let b = second.npsMoments(method: method)
    let standardError = 100 * (a.variance / a.n + b.variance / b.n).squareRoot()
    let estimate = 100 * (a.center - b.center)
    self.difference = firstNPS - secondNPS
    self.standardError = standardError
    if standardError > 0 {
      let z = estimate / standardError
      self.z = z
      self.pValue = NormalDistribution.twoSidedPValue(z)
    } else {
      self.z = nil
      self.pValue = estimate == 0 ? 1 : 0
    }
    let halfWidth = level.z * standardError
    self.interval = NPSInterval(
      lower: max(-200, estimate - halfWidth), upper: min(200, estimate + halfWidth),
      method: method, level: level.level)
  }

  /// Whether the difference is significant at the given level (p < 1 − level).
  public func isSignificant(at level: ConfidenceLevel = .ninetyFive) -> Bool {
    guard let pValue else { return false }
    return pValue < 1 - level.level
  }
}
