import SurveyService

/// Import rows whose external id or segment values the API would refuse (`IngestLimits`): an
/// id over 200 characters, a value over 500, or either holding a control character (NUL,
/// which no store keeps, a line break). Rejected like a bad score or date, listed by line, the
/// rest imported.
struct RefusedFields {
  /// Characters of a refused value shown in the report.
  static let shownCharacters = 40

  private var longIDs = RejectedLines()
  private var longValues = RejectedLines()
  private var controls = RejectedLines()

  /// False (and counted) when the row's id or properties may not be stored.
  mutating func check(externalID: String?, properties: [String: String], line: Int) -> Bool {
    if let id = externalID {
      if id.count > IngestLimits.externalIDLength {
        longIDs.add(line: line, text: Self.shown(id))
        return false
      }
      if Self.hasControl(id) {
        controls.add(line: line, text: Self.shown(id))
        return false
      }
    }
    for (_, value) in properties.sorted(by: { $0.key < $1.key }) {
      if value.count > IngestLimits.propertyValueLength {
        longValues.add(line: line, text: Self.shown(value))
        return false
      }
      if Self.hasControl(value) {
        controls.add(line: line, text: Self.shown(value))
        return false
      }
    }
    return true
  }

  var count: Int { longIDs.count + longValues.count + controls.count }

  func report(console: Console) {
    longIDs.report(
      reason: "id longer than \(IngestLimits.externalIDLength) characters", console: console)
    longValues.report(
      reason: "segment value longer than \(IngestLimits.propertyValueLength) characters",
      console: console)
    controls.report(
      reason: "id or segment value with a control character (NUL, a line break)",
      console: console)
  }

  private static func hasControl(_ text: String) -> Bool {
    text.unicodeScalars.contains { $0.properties.generalCategory == .control }
  }

  /// The start of `text`, with control characters written as `\u{…}` so the report stays on
  /// one line.
  private static func shown(_ text: String) -> String {
    let head = text.prefix(shownCharacters)
    let visible = head.unicodeScalars.map { scalar -> String in
      scalar.properties.generalCategory == .control
        ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
    }.joined()
    return head.endIndex < text.endIndex ? visible + "…" : visible
  }
}
