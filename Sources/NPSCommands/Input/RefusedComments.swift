import SurveyService

/// Import rows whose comment the survey form would refuse (``SurveyComment``): longer than
/// ``SurveyComment/maxCharacters`` characters (counted as the form counts them, after the
/// trimming the import does) or containing NUL. Such rows are rejected like a bad score or
/// date, listed by line with the start of the comment, and the rest imported.
struct RefusedComments {
  /// Characters of a refused comment shown in the report.
  static let shownCharacters = 40

  private var tooLong = RejectedLines()
  private var invalid = RejectedLines()

  /// False (and counted) when `comment` may not be stored.
  mutating func check(_ comment: String?, line: Int) -> Bool {
    guard let comment, let problem = SurveyComment.problem(in: comment) else { return true }
    let head = comment.prefix(Self.shownCharacters)
    let shown = head.endIndex < comment.endIndex ? "\(head)…" : comment
    switch problem {
    case .tooLong: tooLong.add(line: line, text: shown)
    case .invalidCharacter: invalid.add(line: line, text: shown.replacingNUL)
    }
    return false
  }

  var count: Int { tooLong.count + invalid.count }

  func report(console: Console) {
    tooLong.report(
      reason: "comment longer than \(SurveyComment.maxCharacters) characters", console: console)
    invalid.report(reason: "comment contains NUL", console: console)
  }
}

extension String {
  /// The text with each NUL written `\0`, so a report line shows where it was.
  fileprivate var replacingNUL: String {
    String(
      String.UnicodeScalarView(
        unicodeScalars.flatMap { $0 == "\u{0}" ? ["\\", "0"] : [$0] as [Unicode.Scalar] }))
  }
}
