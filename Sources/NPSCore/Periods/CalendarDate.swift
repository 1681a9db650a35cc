/// A date as people write it (`2024-02-29`), checked against the Gregorian calendar.
public enum CalendarDate {
  /// Whether year-month-day names a real day (no February 30, no April 31).
  public static func isValid(year: Int, month: Int, day: Int) -> Bool {
    guard (1...12).contains(month), day >= 1 else { return false }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return day <= lengths[month - 1]
  }
}
