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
  /// The `response_id` column (the store's row id) when the file is this service's own export
  /// (`nps export responses`, the dashboard's CSV: `response_id` and `external_id` headers)
  /// and its `external_id` is the id column; nil otherwise. It is neither id nor segment.
  public let exportedResponseIDColumn: Int?
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

    // This service's own export has the store's row id (`response_id`) and the id the
    // response was given by its source (`external_id`); the latter is the response's id.
    let exported = Self.exportIDColumns(texts, excluding: taken)
    if let wanted = options.idColumn {
      idColumn = try ColumnSelector.find(wanted, option: "--id-column", in: columns)
      idColumnChosen = true
      exportedResponseIDColumn = nil
    } else if let exported {
      idColumn = exported.externalID
      idColumnChosen = false
      exportedResponseIDColumn = exported.responseID
    } else {
      idColumn = ColumnNameRules.idColumn(in: texts, excluding: taken)
      idColumnChosen = false
      exportedResponseIDColumn = nil
    }
    if let idColumn { taken.insert(idColumn) }
    if let exported { taken.formUnion([exported.responseID, exported.externalID]) }

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
    let segments = rest.filter { headers[$0].name.hasPrefix(Self.exportedPropertyPrefix) }
    propertyColumns = segments.isEmpty && exported == nil ? rest : segments
  }

  /// The `response_id` and `external_id` columns of this service's own export (headers
  /// exactly so, in any case), or nil when the file lacks either.
  static func exportIDColumns(_ texts: [ColumnTexts], excluding taken: Set<Int>)
    -> (responseID: Int, externalID: Int)?
  {
    func column(_ name: String) -> Int? {
      texts.indices.first { !taken.contains($0) && texts[$0].name.lower == name }
    }
    guard let responseID = column("response_id"), let externalID = column("external_id")
    else { return nil }
    return (responseID, externalID)
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
  public var dateColumnHasDateName: Bool {
    guard let dateColumn else { return false }
    return Self.isDateName(ColumnTexts(columns[dateColumn]))
  }

  /// True when `header` is one of the date column names (`date`, `created_at`, `Submit Date
  /// (UTC)`…, compared on letters and digits, any case).
  public static func isDateName(_ header: String) -> Bool {
    isDateName(ColumnTexts(Column(index: 0, name: header, question: nil, timeZoneIdentifier: nil)))
  }

  static func isDateName(_ text: ColumnTexts) -> Bool {
    ColumnNameRules.dateNames.contains { text.compactNames.contains($0) }
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
