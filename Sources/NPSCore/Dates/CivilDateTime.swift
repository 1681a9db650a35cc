/// A calendar date and wall-clock time read from text, with the UTC offset if the text gave one.
struct CivilDateTime: Sendable, Hashable {
  var year: Int
  var month: Int
  var day: Int
  var hour = 0
  var minute = 0
  var second = 0
  /// Fractions of a second.
  var fraction = 0.0
  /// Seconds east of UTC when the text carried an offset (`Z`, `+01:00`); nil for a local time.
  var utcOffset: Int?

  /// True when every field is within its calendar range (February 29 only in leap years).
  var isValid: Bool { isDateValid && isTimeValid }

  /// True when the date exists (February 29 only in leap years).
  var isDateValid: Bool {
    (1...12).contains(month) && day >= 1 && day <= Self.daysIn(month: month, year: year)
  }

  /// True when the time of day is within range (a leap second :60 is accepted).
  var isTimeValid: Bool {
    (0...23).contains(hour) && (0...59).contains(minute) && (0...60).contains(second)
  }

  /// A number that identifies the calendar date (`yyyymmdd` for valid dates).
  var dateKey: Int { year &* 10_000 &+ month &* 100 &+ day }

  /// Seconds since midnight of the wall-clock time.
  var secondsOfDay: Int { hour * 3_600 + minute * 60 + second }

  /// Seconds since 1970-01-01 00:00 of this date-time read as if it were UTC.
  var secondsAsUTC: Int {
    Self.daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60
      + second
  }

  static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
  static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let shiftedMonth = month > 2 ? month - 3 : month + 9
    let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The civil date of a day count since 1970-01-01 (Howard Hinnant's civil_from_days).
  static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shiftedMonth = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
    let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}
