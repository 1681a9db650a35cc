/// The links of an invitation email: `/s/{token}/{score}` for each score and `/u/{token}` to
/// unsubscribe, on the public base URL.
///
/// The survey pages (Survey/SurveyLinks.swift, built in parallel) own these shapes; this private
/// copy builds exactly the same ones until the two are reconciled.
enum InvitationLinks {
  static func scoreURL(context: ServiceContext, token: SecretToken, score: Int) -> String {
    context.url("/s/\(token.text)/\(score)")
  }

  static func unsubscribeURL(context: ServiceContext, token: SecretToken) -> String {
    context.url("/u/\(token.text)")
  }

  /// The eleven score links, 0 to 10.
  static func scoreURLs(context: ServiceContext, token: SecretToken) -> [String] {
    (0...10).map { scoreURL(context: context, token: token, score: $0) }
  }
}
