import Foundation
import NPSCore

/// Prints what `nps score` found, as a table, CSV or JSON, and the notes for standard error.
struct ScoreOutput {
  let options: ScoreCommand.Options
  let result: ScoreReading

  var figures: (overall: NPSFigure, rows: [NPSFigure]) {
    let report = options.report
    // Every valid score, with or without a readable date: only the periods need one.
    let overall = report.overall(result.total)
    var rows: [NPSFigure] = []
    let calendar = PeriodCalendar(timeZone: options.timeZone)
    switch (options.granularity != nil, result.segmentName) {
    case (false, nil):
      break
    case (true, nil):
      rows = report.byPeriod(result.grid, periods: result.periods, calendar: calendar)
    case (false, let name?):
      rows = report.bySegment(result.grid, name: name, values: result.segmentValues)
    case (true, let name?):
      let ids = Dictionary(
        result.periods.enumerated().map { ($1.start, $0) }, uniquingKeysWith: { a, _ in a })
      for period in report.byPeriod(result.grid, periods: result.periods, calendar: calendar) {
        guard let period = period.period, let id = ids[period.start] else { continue }
        rows += report.bySegment(
          result.grid, name: name, values: result.segmentValues, period: (id, period))
      }
    }
    return (overall, rows)
  }

  func render() -> String {
    let (overall, rows) = figures
    switch options.format {
    case .table:
      return FigureTable(figures: rows.isEmpty ? [overall] : rows + [overall]).text()
    case .csv:
      return FigureTable(figures: rows.isEmpty ? [overall] : rows + [overall]).csv()
    case .json:
      return json(overall: overall, rows: rows)
    }
  }

  private func json(overall: NPSFigure, rows: [NPSFigure]) -> String {
    let layout = result.layout
    var members: [(String, JSONValue)] = [
      ("file", .string(options.path)), ("encoding", .string(result.encoding.description)),
      ("score_column", .text(layout.map { $0.columns[$0.scoreColumn].label })),
      ("rows", .int(result.summary.rows)), ("blank", .int(result.summary.blankCount)),
      ("rejected", .int(result.summary.rejectedCount)),
      ("rejected_lines", .array(result.summary.rejectedLines.map { .int($0) })),
      ("overall", overall.json),
    ]
    if options.granularity != nil {
      members.insert(
        ("date_column", .text(layout?.dateColumn.map { layout!.columns[$0].label })), at: 3)
      members.insert(("undated", .int(result.undatedScores)), at: members.count - 1)
    }
    if result.segmentName != nil {
      members.append(("segments", .array(rows.map(\.json))))
    } else if options.granularity != nil {
      members.append(("periods", .array(rows.map(\.json))))
    }
    return JSONValue.object(members).rendered(indent: 2) + "\n"
  }

  /// Lines for standard error: how the file was read and which rows were left out.
  func notes() -> [String] {
    var notes: [String] = []
    let summary = result.summary
    if let layout = result.layout {
      var read = "read \(summary.rows) rows as \(result.encoding)"
      if layout.kind != .plain { read += " (\(layout.kind.rawValue) layout)" }
      read += "; score column \"\(layout.columns[layout.scoreColumn].label)\""
      if options.granularity != nil, let date = layout.dateColumn {
        read += "; dates from \"\(layout.columns[date].label)\""
        if let format = result.dateFormat { read += " (\(format))" }
      }
      notes.append(read)
    }
    if summary.blankCount > 0 {
      notes.append("\(summary.blankCount) rows have no score (blank, NA) and are not counted")
    }
    if summary.rejectedCount > 0 {
      notes.append("\(summary.rejectedCount) rows rejected (not an integer 0-10):")
      for line in summary.rejected.prefix(20) {
        notes.append("  line \(line.line): \"\(line.text)\": \(line.reason)")
      }
      if summary.rejectedCount > 20 {
        notes.append("  ... and \(summary.rejectedCount - 20) more")
      }
    }
    if result.undatedScores > 0 {
      notes.append(
        "\(result.undatedScores) scored rows have no readable date: counted in the overall "
          + "figure, left out of the periods")
    }
    return notes
  }
}
