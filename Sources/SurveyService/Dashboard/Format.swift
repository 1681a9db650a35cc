import Foundation
import NPSCore

/// How figures read on the pages: NPS to one decimal (``OneDecimal``, as `nps report`), an em
/// dash where there is no figure.
enum Format {
  static let dash = "\u{2014}"

  static func nps(_ value: Double?) -> String {
    guard let value else { return dash }
    return OneDecimal.string(value)
  }

  static func signed(_ value: Double?) -> String {
    guard let value else { return dash }
    let text = OneDecimal.string(value)
    return value > 0 && text != "0.0" ? "+" + text : text
  }

  static func interval(_ interval: NPSInterval?) -> String {
    guard let interval else { return dash }
    return "[\(nps(interval.lower)), \(nps(interval.upper))]"
  }

  static func percent(_ share: Double?) -> String {
    guard let share else { return dash }
    return OneDecimal.string(share * 100) + "%"
  }

  static func pValue(_ value: Double?) -> String {
    guard let value else { return dash }
    if value < 0.001 { return "< 0.001" }
    return String(format: "%.3f", value)
  }

  static func count(_ value: Int) -> String {
    let digits = String(value)
    var out = ""
    for (index, character) in digits.reversed().enumerated() {
      if index > 0, index % 3 == 0, character != "-" { out.append(",") }
      out.append(character)
    }
    return String(out.reversed())
  }

  /// `1 response`, `2,000 responses`: a count with its noun, singular for one.
  static func count(_ value: Int, _ singular: String, _ plural: String) -> String {
    "\(count(value)) \(value == 1 ? singular : plural)"
  }

  /// `yyyy-MM-dd` of an instant in a zone.
  static func day(_ date: Date, _ zone: TimeZone) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let parts = calendar.dateComponents([.year, .month, .day], from: date)
    return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
  }

  /// `yyyy-MM-dd HH:mm` of an instant in a zone.
  static func minute(_ date: Date, _ zone: TimeZone) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    return String(
      format: "%04d-%02d-%02d %02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!,
      parts.minute!)
  }
}
