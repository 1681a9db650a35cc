import Foundation
import NPSCore

extension ResponseReaderOptions {
  /// Reads the CSV options shared by `nps score` and `nps import responses`:
  /// `--score-column`, `--date-column`, `--comment-column`, `--id-column`, `--date-format`.
  static func parse(_ arguments: inout Arguments, timeZone: TimeZone) throws(CommandError)
    -> ResponseReaderOptions
  {
    var options = ResponseReaderOptions(timeZone: timeZone)
    options.scoreColumn = try arguments.option("score-column")
    options.dateColumn = try arguments.option("date-column")
    options.commentColumn = try arguments.option("comment-column")
    options.idColumn = try arguments.option("id-column")
    if let format = try arguments.option("date-format") {
      do { options.dateFormat = try DateFormat(option: format) } catch {
        throw .usage("--date-format: \(error)")
      }
    }
    return options
  }
}

extension Arguments {
  /// `--tz ZONE`, default UTC.
  mutating func timeZone() throws(CommandError) -> TimeZone {
    try option("tz", expected: TimeZone.ianaNameHint) {
      TimeZone(ianaName: $0)
    } ?? TimeZone(identifier: "UTC")!
  }
}
