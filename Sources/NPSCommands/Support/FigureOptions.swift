import NPSCore

/// The options of every command that prints NPS figures: `--by`, `--format`, `--level`,
/// `--method`.
struct FigureOptions {
  var granularity: Granularity?
  var format: OutputFormat
  var level: ConfidenceLevel
  var method: IntervalMethod

  init(_ arguments: inout Arguments) throws(CommandError) {
    granularity = try arguments.option(
      "by", expected: "day, week, month, quarter or year", Granularity.init(name:))
    format =
      try arguments.option("format", expected: "table, csv or json", OutputFormat.init(rawValue:))
      ?? .table
    level =
      try arguments.option("level", expected: "a confidence level between 0 and 1") {
        Double($0).flatMap { try? ConfidenceLevel($0) }
      } ?? .ninetyFive
    method =
      try arguments.option(
        "method", expected: "adjusted-wald or wald", IntervalMethod.init(rawValue:))
      ?? .adjustedWald
  }

  /// Turns tallies into figures with these options.
  var report: ScoreReport { ScoreReport(method: method, level: level) }
}
