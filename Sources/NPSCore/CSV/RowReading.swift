import Foundation

/// The per-row work of a `ResponseReader` once its layout is known: score, date, counters.
///
/// A value the reader moves into a local for each chunk, so the hot path touches no class
/// properties (each of which would cost a dynamic exclusivity check per access).
struct RowReading {
  /// False until the layout is known (a placeholder that reads nothing).
  let isReady: Bool
  let scoreColumn: Int
  let dateColumn: Int
  let commentColumn: Int
  let idColumn: Int
  let keptLineLimit: Int
  var dateParser: DateParser?
  /// Whether `dateParser` is set (testing the optional itself would copy the parser).
  let readsDates: Bool
  var summary = ReadSummary()

  /// The placeholder held before the header is read (and while a chunk is being read).
  init() {
    isReady = false
    scoreColumn = 0
    dateColumn = -1
    commentColumn = -1
    idColumn = -1
    keptLineLimit = 0
    readsDates = false
  }

  init(layout: ResponseTableLayout, options: ResponseReaderOptions) {
    isReady = true
    scoreColumn = layout.scoreColumn
    dateColumn = layout.dateColumn ?? -1
    commentColumn = layout.commentColumn ?? -1
    idColumn = layout.idColumn ?? -1
    keptLineLimit = options.keptLineLimit
    if options.readDates, layout.dateColumn != nil {
      dateParser = DateParser(
        format: options.dateFormat, timeZone: layout.dateTimeZone(default: options.timeZone),
        excelSerialInAuto: layout.dateColumnHasDateName)
      readsDates = true
    } else {
      readsDates = false
    }
  }

  mutating func read(_ record: CSVRecord, _ body: (ResponseRow) throws -> Void) throws {
    if record.isEmptyRow {
      summary.emptyRows += 1
      return
    }
    summary.rows += 1
    let cell = ScoreCell(bytes: record.bytes(at: scoreColumn))
    switch cell {
    case .score(let score):
      summary.tally.add(score)
    case .blank:
      summary.blankCount += 1
      if summary.blankLines.count < keptLineLimit { summary.blankLines.append(record.line) }
    case .rejected(let reason):
      summary.rejectedCount += 1
      if summary.rejected.count < keptLineLimit {
        summary.rejected.append(
          ReadSummary.RejectedLine(
            line: record.line, text: record.string(at: scoreColumn), reason: reason))
      }
    }
    var date: Date?
    if readsDates {
      let field = record.bytes(at: dateColumn)
      if !field.isEmpty {
        date = dateParser!.parse(field)
        if date == nil {
          summary.undatedCount += 1
          if summary.undatedLines.count < keptLineLimit { summary.undatedLines.append(record.line) }
        }
      }
    }
    try body(
      ResponseRow(
        line: record.line, score: cell, date: date, record: record, commentColumn: commentColumn,
        idColumn: idColumn))
  }
}
