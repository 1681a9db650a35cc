import Foundation

/// What a `ResponseReader` is told rather than left to detect. Every property has a default.
public struct ResponseReaderOptions: Sendable {
  /// The score column (`--score-column`): a header, a question text (Qualtrics), a 1-based
  /// column number, or a piece of text found in exactly one header. Nil: found by name.
  public var scoreColumn: String?
  /// The date column (`--date-column`), chosen like `scoreColumn`. Nil: found by name.
  public var dateColumn: String?
  /// The comment column (`--comment-column`). Nil: found by name.
  public var commentColumn: String?
  /// The respondent or response id column (`--id-column`). Nil: found by name.
  public var idColumn: String?
  /// How dates are written (`--date-format`). Default: detected from the first values.
  public var dateFormat: DateFormat
  /// The zone of dates written without an offset, unless the file names one (a `(UTC)` header,
  /// a Qualtrics `timeZone`). Default UTC.
  public var timeZone: TimeZone
  /// The delimiter; nil (default) detects comma, semicolon or tab.
  public var delimiter: UInt8?
  /// Whether dates are parsed (default true); turn off when no report needs them.
  public var readDates: Bool
  /// How many blank, rejected and undated lines are kept with their numbers (all are counted).
  public var keptLineLimit: Int
  /// The largest record accepted, in bytes.
  public var maxRecordBytes: Int

  public init(
    scoreColumn: String? = nil, dateColumn: String? = nil, commentColumn: String? = nil,
    idColumn: String? = nil, dateFormat: DateFormat = .auto,
    timeZone: TimeZone = TimeZone(identifier: "UTC")!, delimiter: UInt8? = nil,
    readDates: Bool = true, keptLineLimit: Int = 1_000,
    maxRecordBytes: Int = CSVParser.defaultMaxRecordBytes
  ) {
    self.scoreColumn = scoreColumn
    self.dateColumn = dateColumn
    self.commentColumn = commentColumn
    self.idColumn = idColumn
    self.dateFormat = dateFormat
    self.timeZone = timeZone
    self.delimiter = delimiter
    self.readDates = readDates
    self.keptLineLimit = keptLineLimit
    self.maxRecordBytes = maxRecordBytes
  }
}
