import Foundation
import HTTPServer

/// A friendly page for what went wrong, in the contact's language when the token was found
/// (else the browser's `Accept-Language`), revealing nothing about tokens or invitations.
struct SurveyPageError: HTTPResponseError, CustomStringConvertible {
  enum Kind: Sendable, Hashable {
    /// 404: malformed, unknown or cancelled token.
    case unknownToken
    /// 410: the survey closed.
    case closed
    /// 429: too many requests from this address.
    case tooManyRequests(retryAfter: Int)
    /// 403: a form without a valid signature.
    case formExpired
    /// 400: a POST the page did not send.
    case badRequest
  }

  let kind: Kind
  let language: SurveyLanguage
  let visit: SurveyVisit?

  init(_ kind: Kind, language: SurveyLanguage) {
    self.kind = kind
    self.language = language
    self.visit = nil
  }

  init(_ kind: Kind, visit: SurveyVisit) {
    self.kind = kind
    self.language = visit.texts.language
    self.visit = visit
  }

  var status: HTTPStatus {
    switch kind {
    case .unknownToken: .notFound
    case .closed: .gone
    case .tooManyRequests: .tooManyRequests
    case .formExpired: .forbidden
    case .badRequest: .badRequest
    }
  }

  var description: String { "survey page \(kind)" }

  func response() -> Response {
    let pageTexts = visit?.pageTexts ?? .forLanguage(language)
    let texts = visit?.texts ?? .builtIn(language)
    let title: String
    let detail: String
    switch kind {
    case .unknownToken, .badRequest:
      title = pageTexts.invalidLinkTitle
      detail = pageTexts.invalidLinkDetail
    case .closed:
      title = texts.surveyClosed
      detail = ""
    case .tooManyRequests:
      title = pageTexts.tooManyRequests
      detail = ""
    case .formExpired:
      title = pageTexts.invalidLinkTitle
      detail = pageTexts.formExpired
    }
    let body: HTML = """
      <h1>\(title)</h1>
      \(detail.isEmpty ? HTML.empty : "<p>\(detail)</p>")
      """
    var response = SurveyPageLayout.response(
      SurveyPageLayout.document(
        language: language, title: title, brand: visit.map(SurveyPageLayout.Brand.init),
        body: body),
      status: status)
    if case .tooManyRequests(let seconds) = kind {
      response.headers["Retry-After"] = String(seconds)
    }
    return response
  }

  /// The language of the first tag of `Accept-Language` (English when none is known).
  static func language(of request: Request) -> SurveyLanguage {
    let header = request.headers["Accept-Language"] ?? ""
    let first = header.split(separator: ",").first.map {
      String($0.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces)
    }
    return SurveyLanguage(locale: first)
  }
}
