/// Tallies by period and segment value, both given as small integer ids (index 0 when a report
/// has no periods or no segments). Adding is an array index, so a loop over millions of
/// responses stays fast and its memory is one tally per cell, not per response.
public struct TallyGrid: Sendable {
  /// `cells[period][segment]`.
  private var cells: [[Tally]] = []

  public init() {}

  /// Counts one response.
  @inline(__always)
  public mutating func add(_ category: Category, period: Int = 0, segment: Int = 0) {
    addCount(category, 1, period: period, segment: segment)
  }

  /// Adds a whole tally to one cell.
  public mutating func add(_ tally: Tally, period: Int = 0, segment: Int = 0) {
    for category in Category.allCases where tally[category] > 0 {
      addCount(category, tally[category], period: period, segment: segment)
    }
  }

  @inline(__always)
  private mutating func addCount(_ category: Category, _ count: Int, period: Int, segment: Int) {
    if period >= cells.count {
      cells.append(contentsOf: repeatElement([], count: period - cells.count + 1))
    }
    if segment >= cells[period].count {
      cells[period].append(
        contentsOf: repeatElement(Tally(), count: segment - cells[period].count + 1))
    }
    cells[period][segment].add(category, count: count)
  }

  /// Calls `body` with every non-empty cell.
  public func forEachCell(_ body: (_ period: Int, _ segment: Int, Tally) -> Void) {
    for (period, row) in cells.enumerated() {
      for (segment, tally) in row.enumerated() where !tally.isEmpty { body(period, segment, tally) }
    }
  }

  /// The tally of one cell (empty when nothing was added there).
  public func tally(period: Int = 0, segment: Int = 0) -> Tally {
    guard period < cells.count, segment < cells[period].count else { return Tally() }
    return cells[period][segment]
  }

  /// The tally of one period over all segments.
  public func tally(period: Int) -> Tally {
    guard period < cells.count else { return Tally() }
    return cells[period].reduce(Tally(), +)
  }

  /// The tally of one segment over all periods.
  public func tally(segment: Int) -> Tally {
    cells.reduce(Tally()) { total, row in
      segment < row.count ? total + row[segment] : total
    }
  }

  /// Everything counted.
  public var total: Tally { cells.reduce(Tally()) { $0 + $1.reduce(Tally(), +) } }

  public var periodCount: Int { cells.count }
}
