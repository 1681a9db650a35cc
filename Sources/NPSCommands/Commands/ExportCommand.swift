import Foundation
import NPSCore
import Storage
import SurveyService

/// `nps export responses --survey SLUG`: every response as CSV (the dashboard's export), in
/// pages, so any number of responses streams in flat memory.
enum ExportCommand {
  static let help = """
    usage: nps export responses --survey SLUG [options]

      --from DATE          first day (YYYY-MM-DD in --tz, or an ISO 8601 instant)
      --to DATE            last day, included (or an instant, excluded)
      --tz ZONE            zone of --from and --to days (default UTC)
      --segment NAME=VALUE only responses with this segment property
      --bom                start with a UTF-8 byte order mark (for Excel)
      --output FILE        write FILE (complete or not at all) instead of standard output
      --database URL       --config FILE

    Columns: response_id, responded_at (UTC), score, category, comment, source, external_id,
    then property:NAME for each segment property. Oldest first. Cells a spreadsheet would run
    as a formula start with '.
    """

  static func run(_ raw: [String], console: Console) throws -> ExitCode {
    if raw.contains("--help") {
      console.line(help)
      return .success
    }
    var arguments = try Arguments(raw, flags: ["bom"])
    let kind = try arguments.positional("what to export (responses)")
    guard kind == "responses" else {
      throw CommandError.usage("unknown export \"\(kind)\" (expected: responses)")
    }
    guard let slug = try arguments.option("survey") else {
      throw CommandError.usage("--survey SLUG is required")
    }
    let calendar = PeriodCalendar(timeZone: try arguments.timeZone())
    let from = try arguments.option("from").map { text throws(CommandError) in
      try ReportCommand.instant(text, calendar: calendar, endOfDay: false, option: "--from")
    }
    let to = try arguments.option("to").map { text throws(CommandError) in
      try ReportCommand.instant(text, calendar: calendar, endOfDay: true, option: "--to")
    }
    let segment = try arguments.option("segment").map { text throws(CommandError) in
      guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
        throw CommandError.usage("--segment: expected NAME=VALUE, got \"\(text)\"")
      }
      return SegmentFilter(
        name: String(text[..<equals]), value: String(text[text.index(after: equals)...]))
    }
    let bom = try arguments.flag("bom")
    let output = try arguments.option("output")
    if let output {
      guard !output.isEmpty else { throw CommandError.usage("--output needs a file name") }
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: output, isDirectory: &isFolder), isFolder.boolValue
      {
        throw CommandError(.cannotCreate, "--output \(output) is a folder; give a file name")
      }
    }
    let storeOptions = try StoreOptions(&arguments)
    try arguments.finish()
    if let from, let to, from >= to {
      throw CommandError.usage("--from must be before --to")
    }
    let range: Range<Date>? =
      (from != nil || to != nil)
      ? (from ?? .distantPast)..<(to ?? .distantFuture) : nil

    let store = try storeOptions.open(.existing)
    defer { store.close() }
    let survey: Survey
    do {
      survey = try ExistingSurvey.named(slug, in: store)
      if let segment {
        try ReportCommand.requireSegment(segment.name, survey: survey, store: store)
      }
    } catch let error as CommandError { throw error } catch { throw CommandError.storage(error) }

    guard let output else {
      do {
        try ResponseCSV.write(
          surveyID: survey.id, range: range, segment: segment, bom: bom, store: store
        ) { console.out(String(decoding: $0, as: UTF8.self)) }
      } catch { throw CommandError.storage(error) }
      return .success
    }
    // Written next to the target, then renamed: a failed export leaves no half file.
    let partial = output + ".partial"
    guard FileManager.default.createFile(atPath: partial, contents: nil),
      let handle = FileHandle(forWritingAtPath: partial)
    else { throw CommandError(.cannotCreate, "cannot write \(output)") }
    do {
      try ResponseCSV.write(
        surveyID: survey.id, range: range, segment: segment, bom: bom, store: store
      ) { piece in
        do { try handle.write(contentsOf: piece) } catch {
          throw CommandError(.ioError, "cannot write \(output): \(error.localizedDescription)")
        }
      }
      try handle.close()
      // rename(2) replaces an existing file in one step; a folder was refused above.
      guard rename(partial, output) == 0 else {
        throw CommandError(
          .cannotCreate, "cannot write \(output): \(String(cString: strerror(errno)))")
      }
    } catch {
      try? handle.close()
      try? FileManager.default.removeItem(atPath: partial)
      if let error = error as? CommandError { throw error }
      throw CommandError.storage(error)
    }
    return .success
  }
}
