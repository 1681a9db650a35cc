/// The rules for a comment: plain text of at most `maxCharacters` characters (grapheme
/// clusters, as a person counts them, not bytes), stored exactly as typed. Browsers send a
/// textarea's line breaks as CR LF; they are stored as LF, the line break the person typed.
/// NUL cannot be stored by PostgreSQL and is refused.
enum SurveyComment {
  enum Problem: Error, Hashable {
    case tooLong
    case invalidCharacter
  }

  static func validate(_ raw: String, maxCharacters: Int) -> Result<String, Problem> {
    guard !raw.unicodeScalars.contains("\u{0}") else { return .failure(.invalidCharacter) }
    guard raw.count <= maxCharacters else { return .failure(.tooLong) }
    return .success(normalizeLineBreaks(raw))
  }

  /// CR LF to LF; everything else unchanged.
  static func normalizeLineBreaks(_ text: String) -> String {
    guard text.unicodeScalars.contains("\r") else { return text }
    var out = String.UnicodeScalarView()
    var scalars = text.unicodeScalars.makeIterator()
    var pending: Unicode.Scalar? = scalars.next()
    while let scalar = pending {
      pending = scalars.next()
      if scalar == "\r", pending == "\n" { continue }
      out.append(scalar)
    }
    return String(out)
  }
}
