import NPSCore
import Testing

/// Expected values come from the design's published example and from an independent python3
/// computation of the same formulas (statistics.NormalDist for z).
@Suite struct IntervalTests {
  @Test func criticalValueAtNinetyFivePercent() {
    #expect(abs(ConfidenceLevel.ninetyFive.z - 1.959963984540054) < 1e-12)
    #expect(abs(NormalDistribution.quantile(0.995) - 2.5758293035489) < 1e-12)
    #expect(abs(NormalDistribution.quantile(0.0001) - -3.71901648545568) < 1e-11)
  }

  @Test func adjustedWaldMatchesTheDesignExample() throws {
    let interval = try #require(Tally(promoters: 5, passives: 3, detractors: 2).interval())
    #expect(abs(interval.lower - -19.05061537636366) < 1e-9)
    #expect(abs(interval.upper - 65.20446153020981) < 1e-9)
    #expect(abs(interval.margin - 42.127538453286735) < 1e-9)
  }

  @Test func waldMarginFromTheIssue() throws {
    let tally = Tally(promoters: 291, passives: 476, detractors: 395)
    #expect(abs(tally.nps! - -8.950086058519794) < 1e-12)
    let interval = try #require(tally.interval(method: .wald))
    #expect(abs(interval.margin - 4.387705348743978) < 1e-9)
    #expect((interval.margin * 100).rounded() / 100 == 4.39)
  }

  @Test func boundsAreClippedToTheScale() throws {
    let allPromoters = Tally(promoters: 10)
    let adjusted = try #require(allPromoters.interval())
    #expect(abs(adjusted.lower - 47.503551544790206) < 1e-9)
    #expect(adjusted.upper == 100)
    let wald = try #require(allPromoters.interval(method: .wald))
    #expect(wald.lower == 100 && wald.upper == 100)
  }

  @Test func otherLevels() throws {
    let interval = try #require(
      Tally(promoters: 5, passives: 3, detractors: 2).interval(level: try ConfidenceLevel(0.90)))
    #expect(abs(interval.lower - -12.277621683085597) < 1e-9)
    #expect(abs(interval.upper - 58.43146783693175) < 1e-9)
    #expect(throws: StatisticsError.invalidConfidenceLevel(1.0)) { try ConfidenceLevel(1.0) }
  }

  @Test func comparisonOfTwoGroups() throws {
    let a = Tally(promoters: 60, passives: 25, detractors: 15)
    let b = Tally(promoters: 40, passives: 30, detractors: 30)
    let adjusted = try #require(GroupComparison(a, b))
    #expect(adjusted.difference == 35)
    #expect(abs(adjusted.standardError - 10.95707234121145) < 1e-9)
    // z, p and the interval use the adjusted estimates (33.98 here), as the intervals do.
    #expect(abs(adjusted.z! - 3.1012465251748838) < 1e-9)
    #expect(abs(adjusted.pValue! - 0.0019270777997017197) < 1e-12)
    #expect(abs(adjusted.interval.lower - 12.505115359497431) < 1e-9)
    #expect(abs(adjusted.interval.upper - 55.456049689046246) < 1e-9)
    #expect(adjusted.isSignificant())
    let wald = try #require(GroupComparison(a, b, method: .wald))
    #expect(abs(wald.pValue! - 0.0016536951637003388) < 1e-12)
    #expect(GroupComparison(a, Tally()) == nil)
    // One promoter against a large group is not a significant difference (p 0.706 by python3).
    let one = try #require(
      GroupComparison(Tally(promoters: 1), Tally(promoters: 9404, passives: 3661, detractors: 7203))
    )
    #expect(one.difference > 89)
    #expect(abs(one.pValue! - 0.7061216540006355) < 1e-9)
    #expect(!one.isSignificant())
  }

  @Test func sampleSizeForAMargin() throws {
    #expect(try SampleSize.required(margin: 5, method: .wald) == 1537)
    #expect(try SampleSize.required(margin: 5) == 1534)
    #expect(
      try SampleSize.required(
        margin: 5, expectedPromoters: 0.5, expectedDetractors: 0.2, method: .wald) == 938)
    #expect(throws: StatisticsError.invalidMargin(0)) { try SampleSize.required(margin: 0) }
  }
}
