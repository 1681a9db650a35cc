/// Counts of promoters, passives and detractors; every figure is computed from these counts.
public struct Tally: Sendable, Hashable, Codable {
  public var promoters: Int
  public var passives: Int
  public var detractors: Int

  public init(promoters: Int = 0, passives: Int = 0, detractors: Int = 0) {
    self.promoters = promoters
    self.passives = passives
    self.detractors = detractors
  }

  /// A tally of the given scores.
  public init(_ scores: some Sequence<Score>) {
    self.init()
    for score in scores { add(score) }
  }

  /// The number of responses.
  public var n: Int { promoters + passives + detractors }

  public var isEmpty: Bool { n == 0 }

  /// Counts one more response of this score.
  public mutating func add(_ score: Score) { add(score.category) }

  /// Counts one more response of this category.
  public mutating func add(_ category: Category, count: Int = 1) {
    switch category {
    case .promoter: promoters += count
    case .passive: passives += count
    case .detractor: detractors += count
    }
  }

  /// The count for one category.
  public subscript(category: Category) -> Int {
    switch category {
    case .promoter: promoters
    case .passive: passives
    case .detractor: detractors
    }
  }

  /// The share of a category as a fraction 0...1, or nil with no responses.
  public func share(of category: Category) -> Double? {
    n == 0 ? nil : Double(self[category]) / Double(n)
  }

  /// % promoters − % detractors on the -100...100 scale, unrounded; nil (undefined) with no responses.
  public var nps: Double? {
    n == 0 ? nil : 100 * Double(promoters - detractors) / Double(n)
  }

  public static func + (lhs: Tally, rhs: Tally) -> Tally {
    Tally(
      promoters: lhs.promoters + rhs.promoters, passives: lhs.passives + rhs.passives,
      detractors: lhs.detractors + rhs.detractors)
  }

  public static func += (lhs: inout Tally, rhs: Tally) { lhs = lhs + rhs }

  public static func - (lhs: Tally, rhs: Tally) -> Tally {
    Tally(
      promoters: lhs.promoters - rhs.promoters, passives: lhs.passives - rhs.passives,
      detractors: lhs.detractors - rhs.detractors)
  }
}
