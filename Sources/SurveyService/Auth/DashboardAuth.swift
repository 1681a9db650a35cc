import Foundation
import HTTPServer
import Storage

/// Finds the signed-in user of a request and guards the dashboard's handlers: pages need a
/// session; forms (POST) need a session, a valid CSRF token bound to it, and a role that may
/// change things (viewers get 403).
struct DashboardAuth: Sendable {
  let context: ServiceContext
  let cookie: SessionCookie

  init(context: ServiceContext) {
    self.context = context
    cookie = SessionCookie(context: context)
  }

  /// The user of a valid, unexpired session whose account is enabled.
  func signedIn(_ request: Request) throws -> SignedIn? {
    guard let hash = cookie.idHash(in: request),
      let session = try context.store.session(idHash: hash, now: context.clock.now()),
      let user = try context.store.user(id: session.userID), user.disabledAt == nil
    else { return nil }
    return SignedIn(
      user: user, role: DashboardRole(stored: user.role), session: session,
      csrfToken: session.csrfToken)
  }

  /// A page for any signed-in user; others are sent to the login page and back. A session
  /// cookie that no longer names a session (expired, signed out elsewhere, user disabled) is
  /// removed and the login page says why.
  func page(_ handler: @escaping @Sendable (Request, SignedIn) throws -> DashboardResponse)
    -> Handler
  {
    { request in
      guard let who = try signedIn(request) else {
        let login = "/login?next=" + QueryString.encode(request.target)
        return try toLogin(request, login)
      }
      var response = try handler(request, who)
      response.headers["Cache-Control"] = "no-store"
      return response
    }
  }

  /// A form action for users with at least `minimum`, with a valid CSRF token.
  func action(
    _ minimum: DashboardRole,
    _ handler: @escaping @Sendable (Request, FormFields, SignedIn) throws -> DashboardResponse
  ) -> Handler {
    { request in
      guard let who = try signedIn(request) else {
        // A stale session cookie goes to the login page; no cookie at all is refused.
        guard cookie.idHash(in: request) != nil else {
          throw HTTPError(.forbidden, message: "Sign in first.")
        }
        return try toLogin(request, "/login")
      }
      let form = try request.formFields()
      guard CSRFToken.isValid(form["csrf"], session: who.session, secret: context.secret) else {
        throw HTTPError(.forbidden, message: "The form expired or did not come from this site.")
      }
      guard who.role.includes(minimum) else {
        throw HTTPError(.forbidden, message: "Your role cannot change this.")
      }
      return try handler(request, form, who)
    }
  }

  /// A redirect to `login`; when the request carried a session cookie, it is removed and the
  /// login page says the session ended.
  private func toLogin(_ request: Request, _ login: String) throws -> DashboardResponse {
    guard cookie.idHash(in: request) != nil else { return .redirect(to: login) }
    var response = DashboardResponse.redirect(
      to: login + (login.contains("?") ? "&" : "?") + "expired=1")
    response.setCookie(try cookie.removal())
    return response
  }

  /// Starts a session for the user and returns the cookie to set; first deletes every expired
  /// session (of anyone), so the table holds only live ones wherever people sign in.
  func startSession(userID: Int64) throws -> Cookie {
    let token = SecretToken.generate()
    let hash = token.hashBytes
    let now = context.clock.now()
    let swept = try context.store.deleteExpiredSessions(now: now)
    if swept > 0 { context.logger.debug("deleted \(swept) expired sessions") }
    try context.store.createSession(
      LoginSession(
        idHash: hash, userID: userID,
        csrfToken: CSRFToken.forSession(idHash: hash, secret: context.secret), createdAt: now,
        expiresAt: now.addingTimeInterval(SessionCookie.lifetime)))
    return try cookie.cookie(for: token)
  }
}

/// Percent-encoding for query values and redirect targets.
enum QueryString {
  private static let allowed: CharacterSet = {
    var set = CharacterSet.alphanumerics
    set.insert(charactersIn: "-._~")
    return set
  }()

  static func encode(_ value: String) -> String {
    value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
  }

  /// `a=1&b=2` from pairs, skipping empty values.
  static func build(_ pairs: [(String, String?)]) -> String {
    pairs.compactMap { name, value in
      guard let value, !value.isEmpty else { return nil }
      return encode(name) + "=" + encode(value)
    }.joined(separator: "&")
  }

  /// A local path to go back to after login; anything else becomes `/dashboard`.
  static func safeNext(_ next: String?) -> String {
    guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"),
      !next.contains(where: { $0.isNewline })
    else { return "/dashboard" }
    return next
  }
}
