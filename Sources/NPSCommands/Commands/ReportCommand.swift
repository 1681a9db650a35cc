import Foundation
import NPSCore
import Storage

/// `nps report --survey SLUG`: NPS figures from the store, overall, by period, by segment.
enum ReportCommand {
  static let help = """
    usage: nps report --survey SLUG [options]

      --from DATE       first day (YYYY-MM-DD in --tz, or an ISO 8601 instant); default: the
                        day of the first response (90 days ago when there is none)
      --to DATE         last day, included (or an instant, excluded); default: the day of the
                        last response (today when there is none)
      --by day|week|month|quarter|year
      --segment NAME    one row per value of a response property, against the rest
      --tz ZONE         reporting time zone (default UTC): day and week boundaries are local
      --format table|csv|json   --level 0.95   --method adjusted-wald|wald
      --database URL    --config FILE
      --timing          print the wall and CPU milliseconds spent in store queries to
                        standard error (benchmarks)
      --repeat N        with --timing: run the queries N times in this process (one timing
                        line each; the first on a new connection, the others on a warm one)
    """

  static func run(_ raw: [String], console: Console) throws -> ExitCode {
    if raw.contains("--help") {
      console.line(help)
      return .success
    }
    var arguments = try Arguments(raw, flags: ["timing"])
    let timing = try arguments.flag("timing")
    guard let slug = try arguments.option("survey") else {
      throw CommandError.usage("--survey SLUG is required")
    }
    let timeZone = try arguments.timeZone()
    let calendar = PeriodCalendar(timeZone: timeZone)
    let from = try arguments.option("from").map { text throws(CommandError) in
      try instant(text, calendar: calendar, endOfDay: false, option: "--from")
    }
    let to = try arguments.option("to").map { text throws(CommandError) in
      try instant(text, calendar: calendar, endOfDay: true, option: "--to")
    }
    let segmentName = try arguments.option("segment")
    let figureOptions = try FigureOptions(&arguments)
    let (granularity, format, level, method) =
      (figureOptions.granularity, figureOptions.format, figureOptions.level, figureOptions.method)
    let storeOptions = try StoreOptions(&arguments)
    let repeats = try arguments.option("repeat").map { text throws(CommandError) in
      guard let count = Int(text), (1...1_000).contains(count) else {
        throw CommandError.usage("--repeat must be a whole number from 1 to 1000, not \"\(text)\"")
      }
      return count
    }
    try arguments.finish()
    if repeats != nil && !timing {
      throw CommandError.usage("--repeat is for --timing")
    }
    if let from, let to, from >= to {
      throw CommandError.usage("--from must be before --to")
    }

    let store = try storeOptions.open(.existing)
    defer { store.close() }
    let clock = ContinuousClock()
    do {
      var result: Figures?
      for _ in 0..<(repeats ?? 1) {
        let started = clock.now
        let startedCPU = threadCPUMilliseconds()
        result = try figures(
          store: store, slug: slug, from: from, to: to, calendar: calendar,
          granularity: granularity, segmentName: segmentName, method: method, level: level)
        if timing {
          let elapsed = clock.now - started
          let milliseconds =
            Double(elapsed.components.seconds) * 1000
            + Double(elapsed.components.attoseconds) / 1e15
          console.errorLine(
            "query_ms: \(milliseconds) cpu_ms: \(threadCPUMilliseconds() - startedCPU)")
        }
      }
      guard let result else { return .success }
      console.out(
        render(
          format: format, survey: slug, timeZone: timeZone, figures: result,
          grouped: (granularity != nil, segmentName != nil)))
    } catch let error as CommandError {
      throw error
    } catch {
      throw CommandError.storage(error)
    }
    return .success
  }

  /// Refuses a segment property that no response of the survey has (a typo would otherwise
  /// print the overall figures as if nothing were wrong).
  static func requireSegment(_ name: String, survey: Survey, store: SQLStore) throws {
    do { try store.requireSegment(name, of: survey) } catch let unknown as UnknownSegment {
      throw CommandError(.dataError, unknown.description)
    }
  }

  /// What a report found: the rows of the table and CSV, and the same figures nested for JSON
  /// as the report API nests them (top-level periods; each segment value over the whole range
  /// with its own periods).
  struct Figures {
    var range: Range<Date>
    var overall: NPSFigure
    /// Table and CSV rows: periods, segment values, or segment values per period.
    var rows: [NPSFigure] = []
    /// JSON: the whole survey per period (with `--by`).
    var periods: [NPSFigure] = []
    /// JSON: each segment value over the range, and per period (with `--by`).
    var segments: [(figure: NPSFigure, periods: [NPSFigure])] = []
  }

  /// Reads the figures from the store: the survey, its extent, then one query per level.
  static func figures(
    store: SQLStore, slug: String, from: Date?, to: Date?, calendar: PeriodCalendar,
    granularity: Granularity?, segmentName: String?, method: IntervalMethod, level: ConfidenceLevel
  ) throws -> Figures {
    let survey = try ExistingSurvey.named(slug, in: store)
    // The same range and periods as the report API's (``ReportRange``): without --from, from
    // midnight of the first response's day; without --to, through the last response's day. A
    // range that holds no instant (--to before the first response) is empty: n = 0.
    let (start, end) = ReportRange.bounds(
      from: from, to: to, responses: try store.responseExtent(surveyID: survey.id),
      calendar: calendar, now: Date())
    let range = start..<max(end, start)
    let periods =
      granularity.map { ReportRange.periods($0, in: range, calendar: calendar) } ?? []
    // The whole range and every period in one call: one query per rollup level, not two.
    let tallies = try store.tallies(
      surveyID: survey.id, ranges: [range] + periods.map { $0.start..<$0.end }, segment: nil)
    let total = tallies[0]
    let periodTotals = Array(tallies.dropFirst())
    var result = Figures(
      range: range, overall: NPSFigure(tally: total, method: method, level: level))
    switch (granularity != nil, segmentName) {
    case (false, nil):
      break
    case (true, nil):
      result.rows = zip(periods, periodTotals).map {
        NPSFigure(tally: $1, method: method, level: level, period: $0)
      }
      result.periods = result.rows
    case (let byPeriod, let name?):
      let spans: [(Period?, Range<Date>)] =
        byPeriod ? periods.map { ($0, $0.start..<$0.end) } : [(nil, range)]
      let totals = byPeriod ? periodTotals : [total]
      // Every value in every period in one store call.
      let byValue = try store.segmentPeriodTallies(
        surveyID: survey.id, ranges: spans.map(\.1), segmentName: name)
      for (index, ((period, _), periodTotal)) in zip(spans, totals).enumerated() {
        let values = byValue.map { SegmentTally(value: $0.key, tally: $0.value[index]) }
          .filter { $0.tally.n > 0 }
          .sorted { ($0.tally.n, $1.value) > ($1.tally.n, $0.value) }
        result.rows += values.map { value in
          NPSFigure(
            tally: value.tally, method: method, level: level, period: period,
            segment: .init(name: name, value: value.value),
            comparison: GroupComparison(
              value.tally, periodTotal - value.tally, method: method, level: level))
        }
      }
      if byPeriod {
        result.periods = zip(periods, totals).map {
          NPSFigure(tally: $1, method: method, level: level, period: $0)
        }
        let values = try store.segmentTallies(
          surveyID: survey.id, range: range, segmentName: name)
        result.segments = values.map { value in
          let figure = NPSFigure(
            tally: value.tally, method: method, level: level,
            segment: .init(name: name, value: value.value),
            comparison: GroupComparison(
              value.tally, total - value.tally, method: method, level: level))
          return (figure, result.rows.filter { $0.segment?.value == value.value })
        }
      } else {
        result.segments = result.rows.map { ($0, []) }
      }
      // No value at all: a property no response has is a mistake worth naming (asked only
      // then, so a normal report pays no extra query).
      if result.rows.isEmpty { try requireSegment(name, survey: survey, store: store) }
    }
    return result
  }

  static func render(
    format: OutputFormat, survey: String, timeZone: TimeZone, figures: Figures,
    grouped: (byPeriod: Bool, bySegment: Bool)
  ) -> String {
    switch format {
    case .table: return FigureTable(figures: figures.rows + [figures.overall]).text()
    case .csv: return FigureTable(figures: figures.rows + [figures.overall]).csv()
    case .json:
      var members: [(String, JSONValue)] = [
        ("survey", .string(survey)), ("time_zone", .string(timeZone.displayName)),
        ("from", .string(ISO8601Instant.string(figures.range.lowerBound))),
        ("to", .string(ISO8601Instant.string(figures.range.upperBound))),
        ("overall", figures.overall.json),
      ]
      if grouped.byPeriod {
        members.append(("periods", .array(figures.periods.map(\.json))))
      }
      if grouped.bySegment {
        let segments = figures.segments.map { segment -> JSONValue in
          guard grouped.byPeriod, case .object(var fields) = segment.figure.json else {
            return segment.figure.json
          }
          fields.append(("periods", .array(segment.periods.map(\.json))))
          return .object(fields)
        }
        members.append(("segments", .array(segments)))
      }
      return JSONValue.object(members).rendered(indent: 2) + "\n"
    }
  }

  /// CPU time of the calling thread in milliseconds (SQLite runs its queries on it).
  static func threadCPUMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
  }

  /// `2024-03-01` (local midnight; with `endOfDay` the next midnight) or an ISO 8601 instant.
  static func instant(_ text: String, calendar: PeriodCalendar, endOfDay: Bool, option: String)
    throws(CommandError) -> Date
  {
    let parts = text.split(separator: "-")
    if parts.count == 3, text.count == 10, let year = Int(parts[0]), let month = Int(parts[1]),
      let day = Int(parts[2])
    {
      guard CalendarDate.isValid(year: year, month: month, day: day) else {
        throw .usage("\(option): \(text) is not a date")
      }
      return calendar.midnight(year, month, day + (endOfDay ? 1 : 0))
    }
    if let date = try? Date(text, strategy: .iso8601) { return date }
    throw .usage("\(option): expected YYYY-MM-DD or an ISO 8601 instant, got \"\(text)\"")
  }
}
