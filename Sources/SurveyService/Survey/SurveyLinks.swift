/// The links of one invitation. The survey email uses them; the survey pages answer them.
///
/// - Score link: `{base}/s/{token}/{score}` for score 0...10. Opening it shows the survey page
///   with that score chosen; the page then sends the score (see ``ScannerGuard``).
/// - Unsubscribe link: `{base}/u/{token}`, the same token. `GET` shows a confirmation page,
///   `POST` unsubscribes: from that page's button, or the RFC 8058 one-click POST (body
///   `List-Unsubscribe=One-Click`) a mail client sends to the email's `List-Unsubscribe` URL.
///
/// The token is a ``SecretToken`` (128 random bits, base64url); only `token.hashBytes` is
/// stored, in the invitation.
public enum SurveyLinks {
  /// The absolute URL of the survey page for `score` (0...10) of the invitation with `token`.
  public static func scoreURL(context: ServiceContext, token: SecretToken, score: Int) -> String {
    precondition((0...10).contains(score), "a score link is for 0...10")
    return context.url(scorePath(token: token.text, score: score))
  }

  /// The eleven score URLs, index `n` for score `n` (what ``SurveyEmail`` takes).
  public static func scoreURLs(context: ServiceContext, token: SecretToken) -> [String] {
    (0...10).map { scoreURL(context: context, token: token, score: $0) }
  }

  /// The absolute unsubscribe URL (page and one-click target, for `List-Unsubscribe`).
  public static func unsubscribeURL(context: ServiceContext, token: SecretToken) -> String {
    context.url(unsubscribePath(token: token.text))
  }

  // Paths on this site. Tokens are base64url, so they need no escaping in a path.
  static func scorePath(token: String, score: Int) -> String { "/s/\(token)/\(score)" }
  static func formPath(token: String) -> String { "/s/\(token)" }
  static func pickPath(token: String) -> String { "/s/\(token)/pick" }
  static func settlePath(token: String) -> String { "/s/\(token)/settle" }
  static func thanksPath(token: String) -> String { "/s/\(token)/thanks" }
  static func unsubscribePath(token: String) -> String { "/u/\(token)" }
}
