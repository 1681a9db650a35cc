import Foundation
import NPSCore
import Storage
import SurveyService

/// `nps import responses FILE --survey SLUG`: historical responses from other tools' exports.
/// Keeps their dates and extra columns (as segment properties); idempotent when the file has a
/// response id column. This service's own export imports back (see ``ownExportRow``). Sends no
/// email, alert or webhook.
enum ImportCommand {
  static let help = """
    usage: nps import responses FILE|- --survey SLUG [options]
           nps import interactions FILE|- [options]   (see nps import interactions --help)

      --survey SLUG          the survey to import into (must exist: nps survey create SLUG)
      --score-column NAME    --date-column NAME   --comment-column NAME   --id-column NAME
      --date-format FORMAT   auto, iso, unix, us, excel or a pattern
      --tz ZONE              zone of dates written without an offset (default UTC)
      --strict               import nothing when any row is rejected (exit 65)
      --database URL         --config FILE

    A row is rejected when its score is not 0-10, its date is unreadable or out of range, or
    its comment is longer than \(SurveyComment.maxCharacters) characters or contains NUL (as on
    the survey form).
    Rejected rows are listed on standard error and the rest imported (exit 0); exit 65 when
    no row could be imported, or with --strict when any row was rejected.

    A file from nps export responses imports back: its external_id is the response id, and a
    row without one that is already stored in the survey (by response_id) is left as it is.
    """

  static let batchSize = 5_000
  static let progressEvery = 100_000
  /// Responses from which an import refreshes the store's statistics (``SQLStore/optimize()``).
  static let optimizeAfter = 10_000

  static func run(_ raw: [String], console: Console) throws -> ExitCode {
    if raw.first == "interactions" {
      return try ImportInteractionsCommand.run(Array(raw.dropFirst()), console: console)
    }
    if raw.contains("--help") {
      console.line(help)
      return .success
    }
    var arguments = try Arguments(raw, flags: ["strict"])
    let kind = try arguments.positional("what to import (responses)")
    guard kind == "responses" else {
      throw CommandError.usage("unknown import \"\(kind)\" (expected: responses or interactions)")
    }
    let path = try arguments.positional("FILE (a CSV file, or - for standard input)")
    guard let slug = try arguments.option("survey") else {
      throw CommandError.usage("--survey SLUG is required")
    }
    try SurveySlug.validate(slug)
    let timeZone = try arguments.timeZone()
    let readerOptions = try ResponseReaderOptions.parse(&arguments, timeZone: timeZone)
    let strict = try arguments.flag("strict")
    let storeOptions = try StoreOptions(&arguments)
    try arguments.finish()

    let store = try storeOptions.open(.createIfMissing)
    defer { store.close() }
    let survey = try ExistingSurvey.named(slug, in: store)
    if strict {
      if path == "-" { throw CommandError.usage("--strict needs a file, not standard input") }
      var badDates = UnreadableDates(format: readerOptions.dateFormat)
      var farDates = DatesOutOfRange(now: Date())
      var badComments = RefusedComments()
      var badFields = RefusedFields()
      var fields: ImportRowFields?
      let (check, _, _) = try read(path: path, options: readerOptions) { row, layout in
        let rowFields =
          fields ?? ImportRowFields(layout: layout, firstRow: row, timeZone: timeZone)
        fields = rowFields
        if case .score = row.score, badDates.check(row, layout), farDates.check(row, layout),
          badComments.check(storedComment(row, layout), line: row.line)
        {
          _ = badFields.check(
            externalID: rowFields.externalID(row),
            properties: rowFields.properties(row, layout: layout), line: row.line)
        }
      }
      let rejected =
        check.rejectedCount + badDates.count + farDates.count + badComments.count
        + badFields.count
      if rejected > 0 {
        report(check, console: console)
        badDates.report(console: console)
        farDates.report(console: console)
        badComments.report(console: console)
        badFields.report(console: console)
        console.errorLine(
          "--strict: nothing imported because \(rejected) rows were rejected")
        return .dataError
      }
    }

    let now = Date()
    var batch: [NewResponse] = []
    var undated = 0
    var alreadyStored = 0
    var badDates = UnreadableDates(format: readerOptions.dateFormat)
    var farDates = DatesOutOfRange(now: now)
    var badComments = RefusedComments()
    var badFields = RefusedFields()
    var submitted = 0
    // The store is written on another thread while this one reads the next rows.
    let writer = ImportWriter(store: store, now: now)
    func flush() throws {
      guard !batch.isEmpty else { return }
      let written: Int
      do { written = try writer.submit(batch) } catch { throw CommandError.storage(error) }
      let before = submitted
      submitted += batch.count
      batch.removeAll(keepingCapacity: true)
      if before / progressEvery != submitted / progressEvery {
        console.errorLine("imported \(written) responses, read \(submitted)...")
      }
    }
    var fields: ImportRowFields?
    var rerun = ImportInterruption.Rerun.addsAgain
    let summary: ReadSummary
    let encoding: TextEncoding
    var dateFormat: DateFormat?
    do {
      (summary, encoding, dateFormat) = try read(path: path, options: readerOptions) {
        row, layout in
        if fields == nil, layout.idNamesAPerson, let column = layout.idColumn {
          console.errorLine(
            "\(layout.columns[column].name) names a person, not a response: every row is "
              + "imported (--id-column \(layout.columns[column].name) makes it the response id)")
        }
        let rowFields: ImportRowFields
        if let fields {
          rowFields = fields
        } else {
          rerun = ImportInterruption.Rerun(layout)
          rowFields = ImportRowFields(layout: layout, firstRow: row, timeZone: timeZone)
          warnAboutSegmentNames(rowFields.candidateColumns, layout: layout, console: console)
          fields = rowFields
        }
        let comment = storedComment(row, layout)
        guard case .score(let score) = row.score, badDates.check(row, layout),
          farDates.check(row, layout), badComments.check(comment, line: row.line)
        else { return }
        let externalID = rowFields.externalID(row)
        if layout.exportedResponseIDColumn != nil, externalID == nil,
          try ownExportRow(row, layout: layout, isStoredIn: survey.id, store: store)
        {
          alreadyStored += 1
          return
        }
        let properties = rowFields.properties(row, layout: layout)
        guard badFields.check(externalID: externalID, properties: properties, line: row.line)
        else { return }
        if row.date == nil { undated += 1 }
        batch.append(
          NewResponse(
            surveyID: survey.id, externalID: externalID?.isEmpty == false ? externalID : nil,
            score: score, comment: comment, respondedAt: row.date ?? now,
            dateIsKnown: row.date != nil, source: .import, properties: properties))
        if batch.count >= batchSize { try flush() }
      }
      try flush()
    } catch {
      // The batches already queued are written (as they were before the error), then stop.
      _ = try? writer.finish()
      throw ImportInterruption(cause: error, stored: writer.stored, rerun: rerun).error
    }
    let totals: ImportSummary
    do { totals = try writer.finish() } catch {
      throw ImportInterruption(cause: error, stored: writer.stored, rerun: rerun).error
    }
    guard submitted > 0 || alreadyStored > 0 else {
      report(summary, console: console)
      badDates.report(console: console)
      farDates.report(console: console)
      badComments.report(console: console)
      badFields.report(console: console)
      console.errorLine("nothing imported: no row could be imported")
      return .dataError
    }
    console.line(
      "imported \(totals.inserted + totals.replaced) responses into survey \"\(slug)\" "
        + "(\(totals.inserted) new, \(totals.replaced) replaced by id"
        + (alreadyStored > 0 ? ", \(alreadyStored) already stored, matched by response_id" : "")
        + ")")
    if totals.inserted + totals.replaced >= Self.optimizeAfter {
      // The planner's statistics still describe the store before the import.
      do { try store.optimize() } catch {
        let cause = CommandError.storage(error)
        throw CommandError(
          cause.code,
          "every response is stored, but refreshing the database's statistics failed: "
            + cause.message)
      }
    }
    report(summary, console: console)
    badDates.report(console: console)
    farDates.report(console: console)
    badComments.report(console: console)
    badFields.report(console: console)
    if encoding != .utf8 {
      console.errorLine("read as \(encoding) (the file is not UTF-8)")
    }
    if readerOptions.dateFormat == .auto, dateFormat == .usMonthDayYear {
      // 01/02/2023 is 2 January here, 1 February in most of the world.
      console.errorLine(
        "dates like 01/02/2023 were read month first (US); for day first, "
          + "--date-format dd/MM/yyyy")
    }
    if undated > 0 {
      console.errorLine(
        "\(undated) responses had no date and are dated now (a re-import keeps the stored date)")
    }
    return .success
  }

  /// The comment of `row` as it would be stored: trimmed, nil when empty, and without the `'`
  /// this service's own export puts before formula-like cells.
  static func storedComment(_ row: ResponseRow, _ layout: ResponseTableLayout) -> String? {
    guard var comment = row.comment else { return nil }
    if layout.exportedResponseIDColumn != nil { comment = ResponseCSV.importedCell(comment) }
    comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
    return comment.isEmpty ? nil : comment
  }

  /// Whether a row of this service's own export that has no `external_id` (a response from the
  /// survey pages, or imported without an id) is a response already stored in the survey: its
  /// `response_id` names a response of `surveyID` without an external id, given at the same
  /// instant (to the millisecond, as exported). Such a row is left as stored, so an export
  /// imported back into its own survey adds nothing; in any other survey (or another
  /// installation) it is a new response.
  static func ownExportRow(
    _ row: ResponseRow, layout: ResponseTableLayout, isStoredIn surveyID: Int64, store: SQLStore
  ) throws -> Bool {
    guard let column = layout.exportedResponseIDColumn, let date = row.date,
      let id = Int64(row.trimmedString(at: column))
    else { return false }
    let stored: SurveyResponse?
    do { stored = try store.response(id: id) } catch { throw CommandError.storage(error) }
    guard let stored else { return false }
    return stored.surveyID == surveyID && stored.externalID == nil
      && stored.respondedAt.millisecondsSince1970 == date.millisecondsSince1970
  }

  /// Streams the file through the reader; `body` gets each row with the layout.
  static func read(
    path: String, options: ResponseReaderOptions,
    _ body: (ResponseRow, ResponseTableLayout) throws -> Void
  ) throws -> (ReadSummary, TextEncoding, DateFormat?) {
    let file = try InputFile(path: path)
    let reader = ResponseReader(options: options)
    do {
      try withoutActuallyEscaping(body) { body in
        let handle: (ResponseRow) throws -> Void = { row in try body(row, reader.layout!) }
        try file.forEachChunk { chunk in try reader.feed(chunk, handle) }
        try reader.finish(handle)
      }
    } catch let error as ResponseReadError {
      let status: ExitCode = error.code == .columnNotFound ? .usage : .dataError
      throw CommandError(status, "\(path): \(error)")
    }
    return (reader.summary, reader.encoding, reader.dateFormat)
  }

  static func report(_ summary: ReadSummary, console: Console) {
    if summary.blankCount > 0 {
      console.errorLine("\(summary.blankCount) rows have no score (blank, NA) and were skipped")
    }
    if summary.rejectedCount > 0 {
      console.errorLine("\(summary.rejectedCount) rows rejected (not an integer 0-10):")
      for line in summary.rejected.prefix(20) {
        console.errorLine("  line \(line.line): \"\(line.text)\": \(line.reason)")
      }
      if summary.rejectedCount > 20 {
        console.errorLine("  ... and \(summary.rejectedCount - 20) more")
      }
    }
  }

  /// Segment columns that cannot be kept as named: no name, or a name another column has (the
  /// later column's value wins).
  static func warnAboutSegmentNames(
    _ columns: [Int], layout: ResponseTableLayout, console: Console
  ) {
    var seen: [String: Int] = [:]
    for column in columns {
      let name = layout.propertyName(column)
      if name.trimmingCharacters(in: .whitespaces).isEmpty {
        console.errorLine("column \(column + 1) has no name: not imported as a segment")
      } else if !ImportRowFields.isUsableName(name) {
        console.errorLine(
          "column \(column + 1)'s name is longer than \(IngestLimits.propertyNameLength) "
            + "characters: not imported as a segment")
      } else if let earlier = seen[name] {
        console.errorLine(
          "columns \(earlier + 1) and \(column + 1) are both named \"\(name)\": "
            + "the segment keeps column \(column + 1)'s value")
      }
      seen[name] = column
    }
  }
}

/// Survey slugs: lower-case letters, digits and dashes, as they appear in URLs.
enum SurveySlug {
  static func validate(_ slug: String) throws(CommandError) {
    let allowed = slug.utf8.allSatisfy {
      ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z"))
        || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "-")
    }
    guard allowed, (1...64).contains(slug.count), !slug.hasPrefix("-") else {
      throw .usage(
        "survey slug must be 1-64 lower-case letters, digits or dashes, got \"\(slug)\"")
    }
  }
}
