import Foundation
import HTTPServer
import NPSCore
import Storage

/// The handlers of the survey and unsubscribe pages (routes in ``SurveyPageRoutes``).
/// Every handler counts the request against the client's rate limit before it looks the
/// token up.
struct SurveyPages: Sendable {
  let context: ServiceContext
  let settings: SurveyPageSettings
  let confirmer: PickConfirmer
  let limiter: SurveyRateLimiter
  let wordings: SurveyWordingCache

  init(context: ServiceContext, settings: SurveyPageSettings) {
    self.context = context
    self.settings = settings
    confirmer = PickConfirmer(context: context, settings: settings)
    limiter = SurveyRateLimiter(
      store: context.store, limit: settings.rateLimit, window: settings.rateWindow)
    wordings = SurveyWordingCache(defaultCompany: context.defaultCompanyName)
  }

  private var store: SQLStore { context.store }

  /// Rate limit, then token look-up; `withState` reads the page state (due picks, response)
  /// in the same snapshot, for the handlers that show or settle the response.
  private func visit(
    _ request: Request, allowCancelled: Bool = false, withState: Bool = false,
    limited: Bool = true
  ) throws -> (SurveyVisit, Date) {
    let now = context.clock.now()
    if limited { try limiter.check(request, now: now) }
    let visit = try SurveyVisit.find(
      request.parameters["token"] ?? "", store: store, request: request, wordings: wordings,
      allowCancelled: allowCancelled, picksDueBy: withState ? confirmer.dueBy(now) : nil)
    return (visit, now)
  }

  // MARK: Survey

  /// `GET /s/{token}/{score}`: logs a view and shows the page with the score chosen. The
  /// script sends it as a tentative pick unless the invitation already has a response (then
  /// the person changes it with Send).
  func showScore(_ request: Request) throws -> Response {
    let (visit, now) = try visit(request, withState: true)
    try visit.requireOpen(at: now)
    guard let score = Self.score(request.parameters["score"]) else {
      return page(
        visit, selected: nil, autosend: false, status: .unprocessableContent,
        error: visit.pageTexts.chooseScore)
    }
    try store.recordSurveyTouch(
      invitationID: visit.invitation.id, score: score, kind: .view, at: now)
    let response = try settledResponse(visit, now: now)
    return page(
      visit, selected: score, comment: response?.comment ?? "", autosend: response == nil)
  }

  /// `GET /s/{token}`: the page with the stored score, to change it or add a comment.
  func showForm(_ request: Request) throws -> Response {
    let (visit, now) = try visit(request, withState: true)
    try visit.requireOpen(at: now)
    let response = try settledResponse(visit, now: now)
    return page(
      visit, selected: response?.score.value, comment: response?.comment ?? "", autosend: false)
  }

  /// `POST /s/{token}/pick`: the script's tentative pick.
  func pick(_ request: Request) throws -> Response {
    let (visit, now) = try visit(request)
    try visit.requireOpen(at: now)
    let form = try request.formFields()
    try requireSignature(form["sig"], visit.formSignature(secret: context.secret), visit)
    guard let score = Self.score(form["score"]) else {
      return .text("score must be a whole number from 0 to 10\n", status: .unprocessableContent)
    }
    try store.recordSurveyTouch(
      invitationID: visit.invitation.id, score: score, kind: .pick, at: now)
    try confirmer.settle(invitationID: visit.invitation.id, now: now)
    return noStore(.empty())
  }

  /// What `POST /s/{token}/settle` answers: whether the invitation has a response now.
  struct Settled: Encodable {
    /// False when the pick was discarded (another score of the same email was opened within
    /// the quiet window): the page then asks the person to press Send.
    var recorded: Bool
  }

  /// `POST /s/{token}/settle`: settles the invitation's due picks (the script calls it once
  /// the quiet window has passed; the worker does the same for every invitation) and answers
  /// `{"recorded": true|false}`.
  func settle(_ request: Request) throws -> Response {
    let (visit, now) = try visit(request, withState: true)
    let form = try request.formFields()
    try requireSignature(form["sig"], visit.formSignature(secret: context.secret), visit)
    let recorded = try settledResponse(visit, now: now) != nil
    return noStore(try .json(Settled(recorded: recorded)))
  }

  /// `POST /s/{token}`: the form. A deliberate answer, recorded at once; replaces the
  /// invitation's response (one per invitation) and supersedes pending picks.
  func submit(_ request: Request) throws -> Response {
    let (visit, now) = try visit(request)
    try visit.requireOpen(at: now)
    let form = try request.formFields()
    try requireSignature(form["sig"], visit.formSignature(secret: context.secret), visit)
    let rawComment = form["comment"] ?? ""
    let selected = Self.score(form["score"])
    guard let selected, let score = Score(exactly: selected) else {
      return page(
        visit, selected: nil, comment: rawComment, autosend: false,
        status: .unprocessableContent, error: visit.pageTexts.chooseScore)
    }
    let comment: String
    switch SurveyComment.validate(rawComment, maxCharacters: settings.maxCommentCharacters) {
    case .success(let text): comment = text
    case .failure(let problem):
      let message =
        problem == .tooLong ? visit.pageTexts.commentTooLong : visit.pageTexts.commentInvalid
      return page(
        visit, selected: selected, comment: rawComment, autosend: false,
        status: .unprocessableContent, error: message)
    }
    _ = try store.saveSurveyAnswer(
      SurveyAnswer(
        surveyID: visit.survey.id, invitationID: visit.invitation.id,
        contactID: visit.contact.id, score: score, comment: .some(comment.isEmpty ? nil : comment),
        at: now,
        properties: try PickConfirmer.snapshot(
          invitation: visit.invitation, contact: visit.contact, store),
        via: "form"))
    return noStore(.redirect(to: SurveyLinks.thanksPath(token: visit.token.text)))
  }

  /// `GET /s/{token}/thanks`. Without a response there is nothing to thank for: the form
  /// while the survey is open (303), the closed page (410) after.
  func thanks(_ request: Request) throws -> Response {
    let (visit, now) = try visit(request, withState: true)
    let response = try settledResponse(visit, now: now)
    guard response != nil else {
      try visit.requireOpen(at: now)
      return noStore(.redirect(to: SurveyLinks.formPath(token: visit.token.text)))
    }
    return SurveyPageLayout.response(
      SurveyThanksPage(
        visit: visit, score: response?.score.value, isClosed: visit.isClosed(at: now)
      )
      .render())
  }

  // MARK: Unsubscribe

  /// `GET /u/{token}`: asks for confirmation; never unsubscribes.
  func showUnsubscribe(_ request: Request) throws -> Response {
    let (visit, _) = try visit(request, allowCancelled: true)
    if visit.contact.unsubscribedAt != nil {
      return SurveyPageLayout.response(UnsubscribePage.done(visit))
    }
    return SurveyPageLayout.response(
      UnsubscribePage.confirm(visit, signature: visit.unsubscribeSignature(secret: context.secret)))
  }

  /// `POST /u/{token}`: the confirmation page's signed form, or the RFC 8058 one-click POST
  /// (`List-Unsubscribe=One-Click`, no cookie, no CSRF token). Unsubscribes the contact and
  /// cancels their scheduled invitations.
  func unsubscribe(_ request: Request) throws -> Response {
    let oneClick = UnsubscribeRequest.isOneClick(request)
    let (visit, now) =
      oneClick ? try oneClickVisit(request) : try visit(request, allowCancelled: true)
    if !oneClick {
      let form = try? request.formFields()
      try requireSignature(form?["sig"], visit.unsubscribeSignature(secret: context.secret), visit)
    }
    if visit.contact.unsubscribedAt == nil {
      try store.unsubscribe(contactID: visit.contact.id, at: now)
      let cancelled = try store.cancelPendingInvitations(contactID: visit.contact.id)
      try store.appendAudit(
        AuditEntry(
          at: now, actor: "contact:\(visit.contact.id)", action: "contact.unsubscribed",
          target: "contact:\(visit.contact.id)",
          detail:
            "{\"cancelled_invitations\":\(cancelled),\"invitation\":\(visit.invitation.id),"
            + "\"via\":\"\(oneClick ? "one-click" : "page")\"}"))
      context.logger.info(
        "contact \(visit.contact.id) unsubscribed (\(oneClick ? "one-click" : "page"))")
    } else {
      try store.cancelPendingInvitations(contactID: visit.contact.id)
    }
    return SurveyPageLayout.response(UnsubscribePage.done(visit))
  }

  // MARK: Helpers

  /// The token look-up of an RFC 8058 one-click POST. Mail providers send the one-click
  /// POSTs of all their users from a few addresses, so a valid token is never refused for
  /// its address's rate; an unknown one counts against it (and may get the 429), which keeps
  /// guessing tokens as costly as on every other route.
  private func oneClickVisit(_ request: Request) throws -> (SurveyVisit, Date) {
    do {
      return try visit(request, allowCancelled: true, limited: false)
    } catch let error as SurveyPageError {
      if case .unknownToken = error.kind { try limiter.check(request, now: context.clock.now()) }
      throw error
    }
  }

  /// Settles the invitation's due picks, then returns its response: no further read when
  /// nothing is due (the usual case) and the visit read the state with the token.
  private func settledResponse(_ visit: SurveyVisit, now: Date) throws -> SurveyResponse? {
    let state =
      try visit.state
      ?? store.surveyPageState(
        invitationID: visit.invitation.id, picksMadeAtOrBefore: confirmer.dueBy(now))
    if state.duePicks.isEmpty { return state.response }
    try confirmer.settle(state.duePicks, now: now)
    return try store.response(invitationID: visit.invitation.id)
  }

  private func page(
    _ visit: SurveyVisit, selected: Int?, comment: String = "", autosend: Bool,
    status: HTTPStatus = .ok, error: String? = nil
  ) -> Response {
    let page = SurveyFormPage(
      visit: visit, selected: selected, comment: comment, autosend: autosend, error: error,
      signature: visit.formSignature(secret: context.secret), quietWindow: settings.quietWindow)
    return SurveyPageLayout.response(page.render(), status: status)
  }

  private func requireSignature(_ received: String?, _ expected: String, _ visit: SurveyVisit)
    throws(SurveyPageError)
  {
    guard let received,
      Sodium.equal(Array(received.utf8), Array(expected.utf8))
    else { throw SurveyPageError(.formExpired, visit: visit) }
  }

  private func noStore(_ response: Response) -> Response {
    var response = response
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
  }

  /// A score as written in a link or form: exactly one of `0` … `10` (no sign, no leading
  /// zero, no fraction); nil otherwise.
  static func score(_ text: String?) -> Int? {
    guard let text, (1...2).contains(text.utf8.count),
      text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
      !(text.utf8.count == 2 && text.utf8.first == UInt8(ascii: "0")),
      let value = Int(text), (0...10).contains(value)
    else { return nil }
    return value
  }
}
