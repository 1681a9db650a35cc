import Foundation
import NPSCore

/// Streams a CSV file through the response reader into a grid of tallies.
struct ScoreReading {
  let grid: TallyGrid
  let summary: ReadSummary
  let layout: ResponseTableLayout?
  let encoding: TextEncoding
  let periods: [Period]
  let segmentValues: [String]
  let segmentName: String?
  /// Valid scores left out of periods because their date is missing or unreadable.
  let undatedScores: Int
  let dateFormat: DateFormat?

  static func read(_ options: ScoreCommand.Options) throws -> ScoreReading {
    let file = try InputFile(path: options.path)
    let reader = ResponseReader(options: options.reader)
    var grid = TallyGrid()
    var undatedScores = 0
    var bucketer = options.granularity.map {
      PeriodBucketer(granularity: $0, calendar: PeriodCalendar(timeZone: options.timeZone))
    }
    var interner = ValueInterner()
    var segmentColumn: Int?
    var checkedLayout = false

    let body: (ResponseRow) throws -> Void = { row in
      if !checkedLayout {
        checkedLayout = true
        segmentColumn = try prepare(reader: reader, options: options)
      }
      guard case .score(let score) = row.score else { return }
      var period = 0
      if bucketer != nil {
        guard let date = row.date else {
          undatedScores += 1
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
    do {
      try file.forEachChunk { chunk in try reader.feed(chunk, body) }
      try reader.finish(body)
      if !checkedLayout, reader.layout != nil {
        _ = try prepare(reader: reader, options: options)
      }
    } catch let error as ResponseReadError {
      let status: ExitCode = error.code == .columnNotFound ? .usage : .dataError
      throw CommandError(status, "\(options.path): \(error)")
    }
    return ScoreReading(
      grid: grid, summary: reader.summary, layout: reader.layout, encoding: reader.encoding,
      periods: bucketer?.periods ?? [],
      segmentValues: interner.values.map { $0.isEmpty ? "(blank)" : $0 },
      segmentName: options.segment.flatMap { name in
        segmentColumn.map { reader.layout?.columns[$0].name ?? name }
      }, undatedScores: undatedScores, dateFormat: reader.dateFormat)
  }

  /// Checks what the options need from the layout; returns the segment column.
  private static func prepare(reader: ResponseReader, options: ScoreCommand.Options) throws -> Int?
  {
    guard let layout = reader.layout else { return nil }
    if options.granularity != nil, layout.dateColumn == nil {
      throw CommandError(
        .dataError,
        "\(options.path): --by needs a date column and none was found among "
          + layout.columns.map { "\"\($0.label)\"" }.joined(separator: ", ")
          + "; name it with --date-column")
    }
    guard let segment = options.segment else { return nil }
    do {
      return try layout.column(named: segment, option: "--segment")
    } catch {
      throw CommandError(.usage, "\(options.path): \(error)")
    }
  }
}
