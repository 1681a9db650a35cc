import Mail

/// Why an invitation or reminder could not be rendered, in words fit for the log: the kind of
/// fault, without the recipient's address or the invitation's links (which carry its token).
enum RenderFailure {
  static func reason(_ error: any Error) -> String {
    switch error {
    case MailMessageError.invalidAddress(_, let reason): "an email address is invalid: \(reason)"
    case MailMessageError.invalidUnsubscribeURL: "the unsubscribe link is not an http(s) URL"
    case SurveyEmailError.message(let error): Self.reason(error)
    case SurveyEmailError.invalidURL: "a link or the logo URL is not an absolute http(s) URL"
    default: "\(error)"
    }
  }
}
