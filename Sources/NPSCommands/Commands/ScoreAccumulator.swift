import NPSCore

/// What `nps score` adds up while rows stream past: a grid of tallies by period and segment
/// value, with the periods and values behind the grid's ids.
struct ScoreAccumulator {
  var grid = TallyGrid()
  var bucketer: PeriodBucketer?
  var interner = ValueInterner()
  /// Valid scores left out of the periods because their date is missing or unreadable; they
  /// still count in the overall figure.
  var undated = Tally()
  let segmentColumn: Int?

  init(options: ScoreCommand.Options, segmentColumn: Int?) {
    bucketer = options.granularity.map {
      PeriodBucketer(granularity: $0, calendar: PeriodCalendar(timeZone: options.timeZone))
    }
    self.segmentColumn = segmentColumn
  }

  @inline(__always)
  mutating func add(_ row: ResponseRow) {
    guard case .score(let score) = row.score else { return }
    var period = 0
    if bucketer != nil {
      guard let date = row.date else {
        undated.add(score.category)
        return
      }
      period = bucketer!.periodID(containing: date.timeIntervalSince1970)
    }
    var segment = 0
    if let segmentColumn {
      segment =
        segmentColumn < row.record.count
        ? interner.id(of: row.bytes(at: segmentColumn))
        : interner.id(of: UnsafeBufferPointer(start: nil, count: 0))
    }
    grid.add(score.category, period: period, segment: segment)
  }

  /// Adds what another accumulator counted (the second part of a file read on two threads),
  /// matching its periods by start and its segment values by text.
  mutating func merge(_ other: ScoreAccumulator) {
    undated += other.undated
    let periodIDs = other.bucketer.map { otherBucketer in
      otherBucketer.periods.map { bucketer!.periodID(containing: $0.start.timeIntervalSince1970) }
    }
    let segmentIDs = other.interner.values.map { value in
      var text = value
      return text.withUTF8 { interner.id(of: $0) }
    }
    other.grid.forEachCell { period, segment, tally in
      grid.add(
        tally, period: periodIDs?[period] ?? period,
        segment: segmentColumn == nil ? segment : segmentIDs[segment])
    }
  }
}
