/// How the values of a date column are written.
public enum DateFormat: Sendable, Hashable, CustomStringConvertible {
  /// Decided from the first non-empty value of the column (see `DateParser`).
  case auto
  /// `2024-03-01`, `2024-03-01T10:15:30Z`, `2024-03-01 10:15:30.5+01:00`; no offset means local.
  case iso8601
  /// Seconds since 1970 (`1700000000`, `1700000000.25`); 12 or more integer digits mean milliseconds.
  case unix
  /// US `M/D/YYYY`, optionally ` H:MM`, ` H:MM:SS`, with `AM`/`PM`: a local time.
  case usMonthDayYear
  /// Excel serial days in the 1900 date system (43466 = 2019-01-01; .5 = noon): a local time.
  case excelSerial
  /// A custom pattern such as `dd.MM.yyyy HH:mm`.
  case pattern(DatePattern)

  /// Reads a `--date-format` value: `auto`, `iso8601` (or `iso`), `unix`, `us`, `excel`, or a
  /// pattern.
  public init(option: String) throws(DateFormatError) {
    switch option.lowercased() {
    case "auto": self = .auto
    case "iso", "iso8601", "iso-8601": self = .iso8601
    case "unix", "epoch", "unix-seconds", "unix-ms": self = .unix
    case "us", "m/d/yyyy", "us-date": self = .usMonthDayYear
    case "excel", "excel-serial", "serial": self = .excelSerial
    default: self = .pattern(try DatePattern(option))
    }
  }

  public var description: String {
    switch self {
    case .auto: "auto"
    case .iso8601: "ISO 8601"
    case .unix: "Unix seconds"
    case .usMonthDayYear: "US M/D/YYYY"
    case .excelSerial: "Excel serial days"
    case .pattern(let pattern): pattern.description
    }
  }
}

extension DateFormat {
  /// What a column in this format accepts, for the message about a value that is not a date:
  /// the format given with `--date-format`, or for `.auto` every format it recognises (Excel
  /// serial days only when `excelSerialInAuto`, see ``DateParser``).
  public func expectation(excelSerialInAuto: Bool) -> String {
    guard self == .auto else { return "\(self) (--date-format)" }
    var formats = [
      "ISO 8601 (2026-03-01, 2026-03-01T10:15:00Z)", "US M/D/YYYY",
      "Unix seconds (or milliseconds)",
    ]
    if excelSerialInAuto { formats.append("Excel serial days (46000)") }
    return formats.dropLast().joined(separator: ", ") + " or " + formats.last!
  }
}
