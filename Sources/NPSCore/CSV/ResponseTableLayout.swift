import Foundation

/// How a response export is laid out: its header rows and which column holds what.
public struct ResponseTableLayout: Sendable {
  /// The export a header looks like; it changes how header rows are read.
  public enum Kind: String, Sendable, Hashable {
    case plain
    /// `Timestamp` first, question texts as headers.
    case googleForms
    /// Two header rows: questions, then sub-answers (`Response`, `Open-Ended Response`).
    case surveyMonkey
    /// Three header rows: column ids, question texts, `{"ImportId":...}`.
    case qualtrics
    /// `#` first, `Submit Date (UTC)`.
    case typeform
    /// `score`, `comment`, `created_at` (Unix seconds).
    case delighted
  }

  /// One column of the table.
  public struct Column: Sendable, Hashable {
    /// 0-based position in each record.
    public let index: Int
    /// The header (SurveyMonkey: the question, with its sub-answer when there is one).
    public let name: String
    /// The question text of a Qualtrics export (its second header row).
    public let question: String?
    /// The zone named for this column's times (a Qualtrics `timeZone`, a `(UTC)` header).
    public let timeZoneIdentifier: String?

    /// The name, with the question text when it differs.
    public var label: String {
      if let question, !question.isEmpty, question != name { "\(name) (\(question))" } else { name }
    }
  }

  public let kind: Kind
  /// How many rows at the top of the file are headers.
  public let headerRows: Int
  public let columns: [Column]
  /// The column holding the score.
  public let scoreColumn: Int
  /// Why that column was chosen, for people ("named \"score\"", "given with --score-column").
  public let scoreColumnReason: String
  public let dateColumn: Int?
  public let commentColumn: Int?
  public let idColumn: Int?
  /// True when `idColumn` was named by `--id-column`.
  public let idColumnChosen: Bool
  /// Derived columns left out of everything (Qualtrics `..._NPS_GROUP`).
  public let ignoredColumns: [Int]
  /// Every other column, in file order: candidate segments.
  public let propertyColumns: [Int]

  /// The header of the first column (a byte order mark never sticks to it).
  public var firstHeader: String? { columns.first?.name }

  /// The zone in which the date column's wall-clock times are read.
  public func dateTimeZone(default zone: TimeZone) -> TimeZone {
    guard let dateColumn, let identifier = columns[dateColumn].timeZoneIdentifier,
      let named = TimeZone(identifier: identifier)
    else { return zone }
    return named
  }

  /// Builds the layout from the header rows (see `HeaderRows`) and the options.
  init(headers: HeaderRows, options: ResponseReaderOptions) throws(ResponseReadError) {
    kind = headers.kind
    headerRows = headers.count
    columns = headers.columns
    let texts = columns.map { ColumnTexts($0) }
    ignoredColumns = texts.indices.filter { texts[$0].isNPSGroup }

    if let wanted = options.scoreColumn {
      scoreColumn = try ColumnSelector.find(wanted, option: "--score-column", in: columns)
      scoreColumnReason = "given with --score-column"
    } else {
      let choice = try ScoreColumnRule.choose(texts, ignoring: ignoredColumns, columns: columns)
      scoreColumn = choice.index
      scoreColumnReason = choice.reason
    }
    var taken: Set<Int> = [scoreColumn]
    taken.formUnion(ignoredColumns)

    if let wanted = options.dateColumn {
      dateColumn = try ColumnSelector.find(wanted, option: "--date-column", in: columns)
    } else {
      dateColumn = ColumnNameRules.firstMatch(
        ColumnNameRules.dateNames, in: texts, excluding: taken)
    }
    if let dateColumn { taken.insert(dateColumn) }

    if let wanted = options.idColumn {
      idColumn = try ColumnSelector.find(wanted, option: "--id-column", in: columns)
      idColumnChosen = true
    } else {
      idColumn = ColumnNameRules.idColumn(in: texts, excluding: taken)
      idColumnChosen = false
    }
    if let idColumn { taken.insert(idColumn) }

    if let wanted = options.commentColumn {
      commentColumn = try ColumnSelector.find(wanted, option: "--comment-column", in: columns)
    } else {
      commentColumn = ColumnNameRules.commentColumn(in: texts, excluding: taken)
    }
    if let commentColumn { taken.insert(commentColumn) }
    let rest = columns.indices.filter { !taken.contains($0) }
    // This service's own export names its segment columns `property:NAME`; its other columns
    // (category, source, external_id) are derived or bookkeeping, not segments.
    let headers = columns
    let exported = rest.filter { headers[$0].name.hasPrefix(Self.exportedPropertyPrefix) }
    propertyColumns = exported.isEmpty ? rest : exported
  }

  /// The prefix of segment columns in `nps export responses` and the dashboard's CSV.
  public static let exportedPropertyPrefix = "property:"

  /// The segment property a column holds: its header, without the prefix of this service's own
  /// export (so an export imported again keeps its segment names).
  public func propertyName(_ column: Int) -> String {
    let name = columns[column].name
    return name.hasPrefix(Self.exportedPropertyPrefix)
      ? String(name.dropFirst(Self.exportedPropertyPrefix.count)) : name
  }

  /// True when the id column was found by a name that marks a person (`user_id`,
  /// `customer_id`, `contact_id`), not a response; false for an id column given by option.
  public var idNamesAPerson: Bool {
    guard let idColumn, !idColumnChosen else { return false }
    return ColumnNameRules.personIDNames.contains(HeaderText(columns[idColumn].name).compact)
  }

  /// True when the date column's name marks it as dates, so five-digit numbers in it may be
  /// read as Excel serial days by `DateFormat.auto`.
  var dateColumnHasDateName: Bool {
    guard let dateColumn else { return false }
    let text = ColumnTexts(columns[dateColumn])
    return ColumnNameRules.dateNames.contains { text.compactNames.contains($0) }
  }
}

/// The normalised name and question of one column.
struct ColumnTexts {
  let name: HeaderText
  let question: HeaderText?

  init(_ column: ResponseTableLayout.Column) {
    name = HeaderText(column.name)
    question = column.question.map(HeaderText.init)
  }

  var all: [HeaderText] { [name] + (question.map { [$0] } ?? []) }
  var compactNames: [String] { all.map(\.compact) }

  /// Qualtrics' derived group code (1/2/3 for detractor/passive/promoter), never a score.
  var isNPSGroup: Bool {
    name.compact.hasSuffix("npsgroup") || name.lower.hasSuffix("_nps_group")
      || (question?.lower.hasSuffix("- group") ?? false)
  }
}
