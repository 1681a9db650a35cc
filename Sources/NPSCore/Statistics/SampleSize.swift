/// How many responses give an NPS margin of error no wider than wanted.
public enum SampleSize {
  /// The responses needed for a margin of `margin` NPS points (e.g. 5) at `level`.
  ///
  /// With no expected shares the worst case is assumed (half promoters, half detractors:
  /// variance 1). Uses n = z² · (p + d − (p − d)²) / m²; with adjusted Wald the 3 added
  /// responses are subtracted.
  public static func required(
    margin: Double, level: ConfidenceLevel = .ninetyFive,
    expectedPromoters: Double? = nil, expectedDetractors: Double? = nil,
    method: IntervalMethod = .adjustedWald
  ) throws(StatisticsError) -> Int {
    guard margin > 0, margin <= 100, margin.isFinite else { throw .invalidMargin(margin) }
    var variance = 1.0
    if let p = expectedPromoters, let d = expectedDetractors {
      guard p >= 0, d >= 0, p + d <= 1 else {
        throw .invalidShares(promoters: p, detractors: d)
      }
      variance = p + d - (p - d) * (p - d)
    }
    let m = margin / 100
    let n = (level.z * level.z * variance / (m * m)).rounded(.up)
    let adjusted = method == .adjustedWald ? n - 3 : n
    return max(1, Int(adjusted))
  }
}
