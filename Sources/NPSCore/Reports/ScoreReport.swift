/// Turns a grid of tallies into the figures people read: overall, by period, by segment value
/// (each against the rest of its period), or both.
public struct ScoreReport: Sendable {
  public var method: IntervalMethod
  public var level: ConfidenceLevel

  public init(method: IntervalMethod = .adjustedWald, level: ConfidenceLevel = .ninetyFive) {
    self.method = method
    self.level = level
  }

  /// One figure for everything in the grid.
  public func overall(_ grid: TallyGrid) -> NPSFigure { overall(grid.total) }

  /// One figure for a tally (the grid's total and what no grid cell holds, such as undated
  /// scores when the grid is by period).
  public func overall(_ tally: Tally) -> NPSFigure {
    NPSFigure(tally: tally, method: method, level: level)
  }

  /// One figure per period, in time order, including periods with no responses between the
  /// first and the last (so a trend shows its gaps).
  ///
  /// - Parameter periods: the periods the grid's period ids refer to.
  public func byPeriod(_ grid: TallyGrid, periods: [Period], calendar: PeriodCalendar)
    -> [NPSFigure]
  {
    guard let first = periods.min(), let last = periods.max() else { return [] }
    let idByStart = Dictionary(
      periods.enumerated().map { ($1.start, $0) }, uniquingKeysWith: { first, _ in first })
    return calendar.periods(first.granularity, from: first.start, to: last.end).map { period in
      let tally = idByStart[period.start].map { grid.tally(period: $0) } ?? Tally()
      return NPSFigure(tally: tally, method: method, level: level, period: period)
    }
  }

  /// One figure per segment value, each compared with all other responses, sorted by n
  /// (largest first) then by value. Within a period when `period` is given.
  public func bySegment(
    _ grid: TallyGrid, name: String, values: [String], period: (id: Int, period: Period)? = nil
  ) -> [NPSFigure] {
    let total = period.map { grid.tally(period: $0.id) } ?? grid.total
    let figures = values.enumerated().map { id, value in
      let tally =
        period.map { grid.tally(period: $0.id, segment: id) } ?? grid.tally(segment: id)
      let rest = total - tally
      return NPSFigure(
        tally: tally, method: method, level: level, period: period?.period,
        segment: .init(name: name, value: value),
        comparison: GroupComparison(tally, rest, method: method, level: level))
    }
    return figures.filter { $0.tally.n > 0 }.sorted {
      ($0.tally.n, $1.segment!.value) > ($1.tally.n, $0.segment!.value)
    }
  }
}
