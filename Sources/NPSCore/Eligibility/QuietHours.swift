import Foundation

/// A daily window in local time when no survey is sent, such as 20:00-08:00. A window whose
/// end is before its start crosses midnight.
public struct QuietHours: Sendable, Hashable, Codable, CustomStringConvertible {
  /// Minutes after local midnight, 0..<1440.
  public let startMinute: Int
  public let endMinute: Int

  public init(startMinute: Int, endMinute: Int) throws(QuietHoursError) {
    guard (0..<1440).contains(startMinute), (0..<1440).contains(endMinute),
      startMinute != endMinute
    else { throw QuietHoursError(text: "\(startMinute)-\(endMinute)") }
    self.startMinute = startMinute
    self.endMinute = endMinute
  }

  /// Parses `HH:MM-HH:MM`, e.g. `20:00-08:00`; an error quotes `text` as given.
  public init(parsing text: String) throws(QuietHoursError) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, let start = Self.minutes(parts[0]), let end = Self.minutes(parts[1])
    else { throw QuietHoursError(text: text) }
    do { try self.init(startMinute: start, endMinute: end) } catch {
      throw QuietHoursError(text: text)
    }
  }

  private static func minutes(_ text: Substring) -> Int? {
    let pieces = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
    guard pieces.count == 2, pieces[0].count <= 2, pieces[1].count == 2,
      let hours = Int(pieces[0]), let minutes = Int(pieces[1]),
      (0..<24).contains(hours), (0..<60).contains(minutes)
    else { return nil }
    return hours * 60 + minutes
  }

  public var description: String {
    String(
      format: "%02d:%02d-%02d:%02d", startMinute / 60, startMinute % 60, endMinute / 60,
      endMinute % 60)
  }

  /// Whether a minute of the local day is inside the window.
  public func contains(minuteOfDay minute: Int) -> Bool {
    startMinute < endMinute
      ? (minute >= startMinute && minute < endMinute)
      : (minute >= startMinute || minute < endMinute)
  }

  /// The first moment at or after `instant` that is outside the window in `timeZone`.
  public func nextAllowed(after instant: Date, in timeZone: TimeZone) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    let parts = calendar.dateComponents([.hour, .minute], from: instant)
    let minute = parts.hour! * 60 + parts.minute!
    guard contains(minuteOfDay: minute) else { return instant }
    // The window ends today, or tomorrow when it crosses midnight and we are before midnight.
    let day = calendar.startOfDay(for: instant)
    let endsTomorrow = startMinute > endMinute && minute >= startMinute
    let endDay = endsTomorrow ? calendar.date(byAdding: .day, value: 1, to: day)! : day
    var components = calendar.dateComponents([.year, .month, .day], from: endDay)
    components.hour = endMinute / 60
    components.minute = endMinute % 60
    // A local time skipped by a DST change resolves to the next valid time.
    return calendar.date(from: components) ?? instant
  }
}

/// Quiet hours that are not `HH:MM-HH:MM` with two different times.
public struct QuietHoursError: Error, Sendable, Hashable, CustomStringConvertible {
  public let text: String
  public var description: String {
    "quiet hours must be HH:MM-HH:MM with two different times (e.g. 20:00-08:00), got \"\(text)\""
  }
}
