/// A header (or question text) reduced to the forms the column rules compare.
struct HeaderText: Sendable, Hashable {
  /// Lowercased, trimmed.
  let lower: String
  /// Only the lowercase letters and digits: "Submit Date (UTC)" is "submitdateutc".
  let compact: String
  /// Lowercase runs of letters and digits: "Q1_NPS_GROUP" is ["q1", "nps", "group"].
  let words: [String]

  init(_ text: String) {
    lower = text.trimmingSpaces.lowercased()
    compact = String(lower.unicodeScalars.filter(Self.isWordScalar).map(Character.init))
    words = lower.unicodeScalars.split { !Self.isWordScalar($0) }.map {
      String(String.UnicodeScalarView($0))
    }
  }

  private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
  }

  func contains(_ fragment: String) -> Bool { lower.contains(fragment) }
}

extension String {
  /// The string without spaces, tabs and line ends at either end.
  var trimmingSpaces: String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { !Self.isTrimmed($0) }) else { return "" }
    let last = scalars.lastIndex(where: { !Self.isTrimmed($0) })!
    return String(scalars[first...last])
  }

  private static func isTrimmed(_ scalar: Unicode.Scalar) -> Bool {
    scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n" || scalar == "\u{A0}"
  }
}
