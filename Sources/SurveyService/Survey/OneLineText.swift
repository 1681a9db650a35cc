import Mail

/// The rule for a text typed into a one-line field (a survey's name or wording, a user's
/// name): at most `limit` characters, no line break or other control character (what
/// ``Mail/MailHeaderText`` refuses, since such texts end up in email headers and one-line
/// listings). Callers trim surrounding spaces first and name the field in their own error.
enum OneLineText {
  /// What is wrong with `text`, as the end of a message (`must be at most 200 characters (got
  /// 201)`), or nil when it may be stored.
  static func problem(in text: String, limit: Int, allowsTab: Bool = false) -> String? {
    guard text.count <= limit else {
      return "must be at most \(limit) characters (got \(text.count))"
    }
    let allowed = text.unicodeScalars.allSatisfy {
      MailHeaderText.isAllowed($0) && (allowsTab || $0 != "\t")
    }
    return allowed ? nil : "must not contain line breaks or control characters"
  }
}
