/// The rules for a comment: plain text of at most `maxCharacters` characters (grapheme
/// clusters, as a person counts them, not bytes), stored exactly as typed. Browsers send a
/// textarea's line breaks as CR LF; they are stored as LF, the line break the person typed.
/// NUL cannot be stored by PostgreSQL and is refused.
///
/// The survey form and `nps import responses` hold comments to the same rule
/// (``problem(in:maxCharacters:)``), so no comment is stored that the form would refuse.
public enum SurveyComment {
  /// The longest comment by default, in characters (`SurveyPageSettings.maxCommentCharacters`).
  public static let maxCharacters = 5_000

  public enum Problem: Error, Hashable, Sendable {
    /// Longer than the limit, in characters.
    case tooLong
    /// Contains NUL.
    case invalidCharacter
  }

  /// What is wrong with `text` as a comment, or nil when it may be stored.
  public static func problem(in text: String, maxCharacters: Int = SurveyComment.maxCharacters)
    -> Problem?
  {
    if text.unicodeScalars.contains("\u{0}") { return .invalidCharacter }
    // Counting stops one character past the limit, however long the text.
    if text.prefix(maxCharacters + 1).count > maxCharacters { return .tooLong }
    return nil
  }

  static func validate(_ raw: String, maxCharacters: Int) -> Result<String, Problem> {
    if let problem = problem(in: raw, maxCharacters: maxCharacters) { return .failure(problem) }
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
