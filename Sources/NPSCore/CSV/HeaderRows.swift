/// The header rows at the top of an export, read into named columns.
///
/// - Qualtrics: a row of column ids (`ResponseId`, `Q1`, `Q1_NPS_GROUP`), a row of question
///   texts, and a row of `{"ImportId":"QID1","timeZone":"..."}`: three header rows. Two when the
///   question row is missing, or in older exports without the ImportId row (recognised by the
///   labels `Response ID`, `Start Date`, `Recorded Date` in row 2).
/// - SurveyMonkey: a row of questions (`Respondent ID`, `Collector ID`, questions), then a row
///   of sub-answers (`Response`, `Open-Ended Response`, choices), first cell empty. A column
///   under an empty question belongs to the question before it; its name gets the sub-answer.
/// - Everything else has one header row.
struct HeaderRows {
  let kind: ResponseTableLayout.Kind
  let count: Int
  let columns: [ResponseTableLayout.Column]

  /// How many rows must be read before the header can be decided, given the first row.
  static func rowsNeeded(first: [String]) -> Int {
    let names = Set(first.map { HeaderText($0).compact })
    if names.contains("respondentid") || names.contains("collectorid") { return 2 }
    if names.contains("responseid") || names.contains("recordeddate")
      || (names.contains("startdate") && names.contains("enddate"))
      || names.contains(where: { $0.hasSuffix("npsgroup") })
    {
      return 3
    }
    return 1
  }

  /// Reads the header from the first rows of the file (`rowsNeeded` of them, or fewer).
  init(rows: [[String]]) {
    let first = rows.first ?? []
    let looksQualtrics = Self.rowsNeeded(first: first) == 3
    if rows.count >= 3, Self.isImportIdRow(rows[2]) {
      self.init(qualtrics: first, questions: rows[1], importIds: rows[2])
    } else if looksQualtrics, rows.count >= 2, Self.isImportIdRow(rows[1]) {
      self.init(qualtrics: first, questions: nil, importIds: rows[1])
    } else if looksQualtrics, rows.count >= 2, Self.isQualtricsLabelRow(rows[1]) {
      self.init(qualtrics: first, questions: rows[1], importIds: [])
    } else if rows.count >= 2, Self.rowsNeeded(first: first) == 2, Self.isSubAnswerRow(rows[1]) {
      self.init(surveyMonkey: first, subAnswers: rows[1])
    } else {
      self.init(single: first)
    }
  }

  private init(single: [String]) {
    let names = single.map { $0.trimmingSpaces }
    let compact = Set(names.map { HeaderText($0).compact })
    if names.first == "#" && compact.contains("submitdateutc") {
      kind = .typeform
    } else if HeaderText(names.first ?? "").compact == "timestamp" {
      kind = .googleForms
    } else if compact.contains("score") && compact.contains("comment")
      && compact.contains("createdat")
    {
      kind = .delighted
    } else {
      kind = .plain
    }
    count = 1
    columns = names.enumerated().map { index, name in
      ResponseTableLayout.Column(
        index: index, name: name, question: nil, timeZoneIdentifier: Self.zoneInName(name))
    }
  }

  private init(qualtrics names: [String], questions: [String]?, importIds: [String]) {
    kind = .qualtrics
    count = 1 + (questions == nil ? 0 : 1) + (importIds.isEmpty ? 0 : 1)
    columns = names.enumerated().map { index, name in
      let question = questions.flatMap { index < $0.count ? $0[index].trimmingSpaces : nil }
      let importId = index < importIds.count ? importIds[index] : ""
      return ResponseTableLayout.Column(
        index: index, name: name.trimmingSpaces, question: question,
        timeZoneIdentifier: Self.zoneInImportId(importId) ?? Self.zoneInName(name))
    }
  }

  private init(surveyMonkey questions: [String], subAnswers: [String]) {
    kind = .surveyMonkey
    count = 2
    var columns: [ResponseTableLayout.Column] = []
    var current = ""
    for index in 0..<max(questions.count, subAnswers.count) {
      let question = index < questions.count ? questions[index].trimmingSpaces : ""
      let sub = index < subAnswers.count ? subAnswers[index].trimmingSpaces : ""
      let startsQuestion = !question.isEmpty
      if startsQuestion { current = question }
      let plain = sub.isEmpty || ["response", "open-ended response"].contains(sub.lowercased())
      let name = plain && startsQuestion ? current : "\(current) - \(sub)"
      columns.append(
        ResponseTableLayout.Column(
          index: index, name: name, question: nil, timeZoneIdentifier: Self.zoneInName(name)))
    }
    self.columns = columns
  }

  static func isImportIdRow(_ row: [String]) -> Bool {
    row.contains { $0.trimmingSpaces.hasPrefix("{\"ImportId\"") }
  }

  /// An older Qualtrics export's second row: labels of the metadata columns.
  static func isQualtricsLabelRow(_ row: [String]) -> Bool {
    let labels: Set<String> = ["response id", "start date", "end date", "recorded date"]
    return row.contains { labels.contains($0.trimmingSpaces.lowercased()) }
  }

  static func isSubAnswerRow(_ row: [String]) -> Bool {
    guard let first = row.first, first.trimmingSpaces.isEmpty else { return false }
    let marks: Set<String> = ["response", "open-ended response", "other (please specify)"]
    return row.contains { marks.contains($0.trimmingSpaces.lowercased()) }
  }

  /// `UTC` for a header that says its times are UTC, like Typeform's `Submit Date (UTC)`.
  static func zoneInName(_ name: String) -> String? {
    HeaderText(name).words.last == "utc" ? "UTC" : nil
  }

  /// The `timeZone` of a Qualtrics ImportId cell: `{"ImportId":"startDate","timeZone":"Europe/Paris"}`.
  static func zoneInImportId(_ cell: String) -> String? {
    guard let key = cell.range(of: "\"timeZone\":\"") else { return nil }
    let rest = cell[key.upperBound...]
    guard let close = rest.firstIndex(of: "\"") else { return nil }
    let zone = String(rest[..<close])
    return zone.isEmpty ? nil : zone
  }
}
