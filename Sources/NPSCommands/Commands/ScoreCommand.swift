import Foundation
import NPSCore

/// `nps score FILE`: the NPS of a CSV file of responses, overall, by period and by segment.
enum ScoreCommand {
  static let help = """
    usage: nps score FILE|- [options]

    Prints n, promoters, passives, detractors, NPS, its margin of error and interval.

      --by day|week|month|quarter|year   one row per period (needs a date column)
      --tz ZONE                          IANA time zone of the periods (default UTC)
      --segment COLUMN                   one row per value of COLUMN, against the rest
      --score-column NAME                the score column (default: found by its header)
      --date-column NAME                 the date column (default: found by its header)
      --date-format FORMAT               auto, iso, unix, us, excel or a pattern (dd.MM.yyyy)
      --format table|csv|json            output format (default table)
      --level 0.95                       confidence level of the intervals
      --method adjusted-wald|wald        interval method (default adjusted-wald)
      --strict                           exit 65 when any row was rejected
    """

  struct Options {
    var path: String
    var granularity: Granularity?
    var timeZone: TimeZone
    var segment: String?
    var reader: ResponseReaderOptions
    var format: OutputFormat
    var report: ScoreReport
    var strict: Bool
  }

  static func parse(_ raw: [String]) throws(CommandError) -> Options {
    var arguments = try Arguments(raw, flags: ["strict", "help"])
    let path = try arguments.positional("FILE (a CSV file, or - for standard input)")
    let timeZone = try arguments.timeZone()
    let segment = try arguments.option("segment")
    var reader = try ResponseReaderOptions.parse(&arguments, timeZone: timeZone)
    let figures = try FigureOptions(&arguments)
    let granularity = figures.granularity
    reader.readDates = granularity != nil
    let strict = try arguments.flag("strict")
    try arguments.finish()
    return Options(
      path: path, granularity: granularity, timeZone: timeZone, segment: segment, reader: reader,
      format: figures.format, report: figures.report, strict: strict)
  }

  static func run(_ raw: [String], console: Console) throws -> ExitCode {
    if raw.contains("--help") {
      console.line(help)
      return .success
    }
    let options = try parse(raw)
    let result = try ScoreReading.read(options)
    let output = ScoreOutput(options: options, result: result)
    console.out(output.render())
    for note in output.notes() { console.errorLine(note) }
    if options.strict, result.summary.rejectedCount > 0 {
      console.errorLine("--strict: \(result.summary.rejectedCount) rows were rejected")
      return .dataError
    }
    return .success
  }
}
