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
    if let id = externalID,
      !accepts(id, limit: IngestLimits.externalIDLength, tooLong: \.longIDs, line: line)
    {
      return false
    }
    for (_, value) in properties.sorted(by: { $0.key < $1.key })
    where !accepts(
      value, limit: IngestLimits.propertyValueLength, tooLong: \.longValues, line: line)
    {
      return false
    }
    return true
  }

  /// Whether `text` is at most `limit` characters without a control character; a refusal is
  /// counted under `tooLong` or the control characters.
  private mutating func accepts(
    _ text: String, limit: Int, tooLong: WritableKeyPath<Self, RejectedLines>, line: Int
  ) -> Bool {
    if text.count > limit {
      self[keyPath: tooLong].add(line: line, text: Self.shown(text))
      return false
    }
    if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
      controls.add(line: line, text: Self.shown(text))
      return false
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
