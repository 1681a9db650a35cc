import Foundation
import NPSCore
import Storage
import SurveyService

/// `nps import interactions FILE.csv`: interactions from a helpdesk or shop export, through the
/// same pipeline as `POST /api/v1/interactions` (contacts normalised, idempotent on the
/// external id, eligibility decided and recorded, invitations scheduled for the worker).
enum ImportInteractionsCommand {
  static let help = """
    usage: nps import interactions FILE|- [options]

    Columns are found by name (any case); name them when the export uses other headers:
      --email-column NAME        default: email, e-mail, email address, customer email, requester email
      --name-column NAME         default: name, customer name, requester, requester name
      --occurred-at-column NAME  default: occurred_at, date, solved at, closed at, created at, created_at
      --external-id-column NAME  default: external_id, id, ticket, ticket id, ticket_id, order id
      --channel-column NAME      --kind-column NAME   --locale-column NAME   --time-zone-column NAME
      --properties A,B,C         columns kept as segment properties (agent, team...)
      --survey SLUG              the survey to invite to (default: default; must exist)
      --date-format FORMAT       auto, iso, unix, us, excel or a pattern (default auto)
      --tz ZONE                  zone of dates written without an offset (default UTC)
      --strict                   store nothing when any row is invalid (exit 65)
      --database URL             --config FILE

    Without an external id column, rows are identified by email and date (re-importing the
    file adds nothing). Rejected rows are listed on standard error and the rest imported
    (exit 0); exit 65 when no row could be imported, or with --strict when any row was rejected.
    """

  static let batchSize = 500

  static func run(_ raw: [String], console: Console) throws -> ExitCode {
    if raw.contains("--help") {
      console.line(help)
      return .success
    }
    var arguments = try Arguments(raw, flags: ["strict"])
    let path = try arguments.positional("FILE (a CSV file, or - for standard input)")
    var wanted: [ColumnRole: String] = [:]
    for role in ColumnRole.allCases {
      if let name = try arguments.option(role.option) { wanted[role] = name }
    }
    let propertyNames =
      try arguments.option("properties")?.split(separator: ",").map {
        $0.trimmingCharacters(in: .whitespaces)
      } ?? []
    let survey = try arguments.option("survey") ?? "default"
    try SurveySlug.validate(survey)
    let timeZone = try arguments.timeZone()
    var dateFormat = DateFormat.auto
    if let format = try arguments.option("date-format") {
      do { dateFormat = try DateFormat(option: format) } catch {
        throw CommandError.usage("--date-format: \(error)")
      }
    }
    let strict = try arguments.flag("strict")
    let options = try StoreOptions(&arguments)
    try arguments.finish()

    let runner = try ServeCommand.open(options.configuration)
    let context = runner.context
    defer { context.store.close() }
    _ = try ExistingSurvey.named(survey, in: context.store)
    let table = try CSVTable.read(path: path)
    guard let header = table.first?.fields else {
      throw CommandError(.dataError, "\(path) is empty")
    }
    let map = try ColumnMap(header: header, wanted: wanted, properties: propertyNames)
    var parser = DateParser(
      format: dateFormat, timeZone: timeZone, excelSerialInAuto: map.occurredAtHasDateName)
    let now = Date()
    var inputs: [InteractionInput] = []
    var rejected: [(line: Int, problems: [FieldProblem])] = []
    for row in table.dropFirst() {
      if row.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
      let (fields, dateProblem) = map.fields(row.fields, survey: survey, parser: &parser)
      switch fields.check(now: now, timeZoneForDates: timeZone) {
      case .valid(let input):
        if let dateProblem {
          rejected.append((row.line, [dateProblem]))
        } else {
          inputs.append(input)
        }
      case .invalid(let problems):
        rejected.append((row.line, (dateProblem.map { [$0] } ?? []) + problems))
      }
    }
    for (line, problems) in rejected.prefix(20) {
      let names = problems.map {
        "\(map.columnName(forPointer: $0.pointer)): \($0.detail)"
      }
      console.errorLine("line \(line): " + names.joined(separator: "; "))
    }
    if rejected.count > 20 { console.errorLine("... and \(rejected.count - 20) more rows") }
    if strict, !rejected.isEmpty {
      console.errorLine("--strict: nothing imported because \(rejected.count) rows are invalid")
      return .dataError
    }
    if inputs.isEmpty {
      console.errorLine("nothing imported: no row could be imported")
      return .dataError
    }
    let ingestor = Ingestor(context: context)
    var created = 0
    var invited = 0
    var start = 0
    while start < inputs.count {
      let batch = Array(inputs[start..<min(start + batchSize, inputs.count)])
      do {
        let result = try ingestor.ingest(batch)
        created += result.created
        invited += result.invited
      } catch let error as IngestValidationError {
        throw CommandError(.dataError, error.problems.map(\.detail).first ?? "\(error)")
      } catch { throw CommandError.storage(error) }
      start += batchSize
    }
    console.line(
      "imported \(inputs.count) interactions into survey \"\(survey)\": \(created) new, "
        + "\(inputs.count - created) already known, \(invited) invitations scheduled"
        + (rejected.isEmpty ? "" : ", \(rejected.count) rows rejected"))
    // Rejected rows were reported; the accepted ones are stored.
    return .success
  }
}

/// What a CSV column is used for.
enum ColumnRole: CaseIterable {
  case email, name, occurredAt, externalID, channel, kind, locale, timeZone

  var option: String {
    switch self {
    case .email: "email-column"
    case .name: "name-column"
    case .occurredAt: "occurred-at-column"
    case .externalID: "external-id-column"
    case .channel: "channel-column"
    case .kind: "kind-column"
    case .locale: "locale-column"
    case .timeZone: "time-zone-column"
    }
  }

  /// Header names tried, in order, when the column is not named.
  var candidates: [String] {
    switch self {
    case .email:
      ["email", "e-mail", "email address", "customer email", "requester email", "contact email"]
    case .name: ["name", "customer name", "requester", "requester name", "contact name"]
    case .occurredAt:
      ["occurred_at", "occurred at", "date", "solved at", "closed at", "created at", "created_at"]
    case .externalID:
      ["external_id", "external id", "id", "ticket", "ticket id", "ticket_id", "order id"]
    case .channel: ["channel", "via"]
    case .kind: ["kind", "type"]
    case .locale: ["locale", "language"]
    case .timeZone: ["time_zone", "time zone", "timezone"]
    }
  }
}

/// Which column holds what.
struct ColumnMap {
  let header: [String]
  var columns: [ColumnRole: Int] = [:]
  var properties: [(name: String, index: Int)] = []

  init(header: [String], wanted: [ColumnRole: String], properties: [String]) throws(CommandError) {
    self.header = header
    let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    func find(_ name: String) -> Int? { names.firstIndex(of: name.lowercased()) }
    let known = header.joined(separator: ", ")
    for role in ColumnRole.allCases {
      if let name = wanted[role] {
        guard let index = find(name) else {
          throw .usage("--\(role.option): no column \"\(name)\" (columns: \(known))")
        }
        columns[role] = index
      } else if let index = role.candidates.lazy.compactMap(find).first {
        columns[role] = index
      }
    }
    guard columns[.email] != nil else {
      throw .usage("no email column: name it with --email-column (columns: \(known))")
    }
    guard columns[.externalID] != nil || columns[.occurredAt] != nil else {
      throw .usage(
        "no external id or date column: name one with --external-id-column or "
          + "--occurred-at-column (columns: \(known))")
    }
    for name in properties where !name.isEmpty {
      guard let index = find(name) else {
        throw .usage("--properties: no column \"\(name)\" (columns: \(known))")
      }
      self.properties.append((header[index].trimmingCharacters(in: .whitespaces), index))
    }
  }

  /// Whether the occurred-at column is a date column by name: one of its default names (each
  /// names a date) or, given with `--occurred-at-column`, a date name as `nps import responses`
  /// knows them. `--date-format auto` then reads five-digit numbers in it as Excel serial days.
  var occurredAtHasDateName: Bool {
    guard let index = columns[.occurredAt] else { return false }
    let name = header[index].trimmingCharacters(in: .whitespaces).lowercased()
    return ColumnRole.occurredAt.candidates.contains(name)
      || ResponseTableLayout.isDateName(header[index])
  }

  /// The row's fields, and the problem with its date when the date cell holds something the
  /// parser cannot read (the interaction is then rejected rather than dated now).
  func fields(_ row: [String], survey: String, parser: inout DateParser) -> (
    InteractionFields, FieldProblem?
  ) {
    func value(_ role: ColumnRole) -> String? {
      guard let index = columns[role], index < row.count else { return nil }
      return row[index]
    }
    var fields = InteractionFields()
    fields.email = value(.email)
    fields.name = value(.name)
    fields.locale = value(.locale)
    fields.timeZone = value(.timeZone)
    fields.channel = value(.channel)
    fields.kind = value(.kind)
    fields.survey = survey
    let dateText = value(.occurredAt)?.trimmingCharacters(in: .whitespaces) ?? ""
    var dateProblem: FieldProblem?
    if !dateText.isEmpty {
      if let date = parser.parse(dateText) {
        fields.occurredAt = .instant(date)
      } else {
        dateProblem = FieldProblem(
          pointer: "/occurred_at",
          detail: "\"\(dateText)\" is not a date; expected \(parser.expectation)")
      }
    }
    fields.externalID =
      value(.externalID)
      ?? "csv-"
      + Self.fingerprint(
        Contact.normalizedEmail(fields.email ?? "") + "|" + dateText)
    for (name, index) in properties where index < row.count {
      fields.properties[name] = row[index]
    }
    return (fields, dateProblem)
  }

  /// The CSV column behind a problem's pointer (`/email` is the email column's header).
  func columnName(forPointer pointer: String) -> String {
    let field = pointer.split(separator: "/").first.map(String.init) ?? pointer
    let role: ColumnRole? =
      switch field {
      case "email": .email
      case "name": .name
      case "occurred_at": .occurredAt
      case "external_id": .externalID
      case "channel": .channel
      case "kind": .kind
      case "locale": .locale
      case "time_zone": .timeZone
      default: nil
      }
    if let role, let index = columns[role] { return header[index] }
    return field
  }

  /// FNV-1a 64 in hex: a stable id for rows without one.
  static func fingerprint(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    return String(hash, radix: 16)
  }
}

/// A whole CSV file as rows of strings: any encoding the detector knows, any delimiter the
/// parser detects.
enum CSVTable {
  /// One record and the 1-based line where it starts (quoted line ends count, as in
  /// `nps score` and `nps import responses`).
  struct Row {
    let line: Int
    let fields: [String]
  }

  static func read(path: String) throws -> [Row] {
    let file = try InputFile(path: path)
    var detector = TextEncodingDetector()
    let parser = CSVParser()
    var rows: [Row] = []
    do {
      try file.forEachChunk { chunk in
        try detector.decode(chunk, final: false) { utf8 in
          try parser.feed(utf8) { rows.append(Row(line: $0.line, fields: $0.strings)) }
        }
      }
      try [UInt8]().withUnsafeBytes { empty in
        try detector.decode(empty, final: true) { utf8 in
          try parser.feed(utf8) { rows.append(Row(line: $0.line, fields: $0.strings)) }
        }
      }
      try parser.finish { rows.append(Row(line: $0.line, fields: $0.strings)) }
    } catch let error as CommandError {
      throw error
    } catch {
      throw CommandError(.dataError, "\(path): \(error)")
    }
    return rows
  }
}
