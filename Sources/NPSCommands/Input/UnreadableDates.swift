import NPSCore

/// Import rows whose date cell holds something that is not a date (`2023-13-45`, `soon`):
/// they are rejected, as a score that is not 0-10 is, rather than dated now like a row whose
/// date is blank (empty, `NA` or `N/A` in any case, as for scores). Keeps the first lines for
/// the message, which says what a date may look like.
struct UnreadableDates {
  /// The `--date-format` in use.
  let format: DateFormat
  private var rejected = RejectedLines()
  /// What the date column accepts (known from the layout of the first rejected row).
  private var expectation = ""

  init(format: DateFormat) {
    self.format = format
  }

  /// False (and counted) when the row has a date column whose cell is neither blank nor a
  /// readable date.
  mutating func check(_ row: ResponseRow, _ layout: ResponseTableLayout) -> Bool {
    guard row.date == nil, let column = layout.dateColumn else { return true }
    let text = row.trimmedString(at: column)
    guard !text.isEmpty, !["na", "n/a"].contains(text.lowercased()) else { return true }
    if rejected.count == 0 {
      expectation = format.expectation(excelSerialInAuto: layout.dateColumnHasDateName)
    }
    rejected.add(line: row.line, text: text)
    return false
  }

  var count: Int { rejected.count }

  func report(console: Console) {
    rejected.report(reason: "not a date; expected \(expectation)", console: console)
  }
}
