import Foundation
import HTTPServer
import Storage

/// `/dashboard/account`: a signed-in user (any role, viewers included) changes their own
/// password with the current one and the new one twice. The new password is hashed with
/// argon2id; the user's other sessions end, this one stays. A wrong current password counts as
/// a failed login for the email (the login rate limit), so a left-open session cannot be used
/// to guess it.
enum AccountRoutes {
  static func register(in router: inout Router, context: ServiceContext, auth: DashboardAuth) {
    let limit = LoginRateLimit()
    router.get("/dashboard/account") { request in
      try auth.page { request, who in
        page(who: who, context: context, notice: request.query["changed"] == "1" ? .changed : nil)
      }(request)
    }
    router.post(
      "/dashboard/account/password",
      handler: auth.action(.viewer) { request, form, who in
        let now = context.clock.now()
        let email = who.user.email
        guard
          try limit.allows(
            email: email, address: request.clientAddress, store: context.store, now: now)
        else {
          return page(
            who: who, context: context, notice: .tooManyAttempts, status: .tooManyRequests)
        }
        guard PasswordHasher.verify(form["current"] ?? "", hash: who.user.passwordHash) else {
          try limit.recordFailure(
            email: email, address: request.clientAddress, store: context.store, now: now)
          return page(who: who, context: context, notice: .wrongCurrent, status: .badRequest)
        }
        let new = form["new"] ?? ""
        guard new == form["new2"] else {
          return page(who: who, context: context, notice: .differ, status: .badRequest)
        }
        let hash: String
        do { hash = try PasswordHasher.hash(new) } catch let error as PasswordError {
          return page(
            who: who, context: context, notice: .refused(error.description), status: .badRequest)
        }
        try context.store.setPassword(
          userID: who.user.id, passwordHash: hash, keepingSession: who.session.idHash)
        try limit.recordSuccess(email: email, store: context.store)
        try context.store.appendAudit(
          AuditEntry(
            at: now, actor: email, action: "user.password", target: "user:\(who.user.id)"))
        return .redirect(to: "/dashboard/account?changed=1")
      })
  }

  /// What the page says above the form.
  enum Notice {
    case changed, wrongCurrent, differ, tooManyAttempts
    case refused(String)

    var html: HTML {
      switch self {
      case .changed:
        "<p class=\"card\" id=\"notice\" role=\"status\">Your password was changed. Your other sessions were signed out.</p>"
      case .wrongCurrent:
        "<p class=\"warn\" id=\"notice\" role=\"alert\">The current password is wrong. Nothing was changed.</p>"
      case .differ:
        "<p class=\"warn\" id=\"notice\" role=\"alert\">The new passwords differ. Nothing was changed.</p>"
      case .tooManyAttempts:
        "<p class=\"warn\" id=\"notice\" role=\"alert\">Too many failed attempts. Wait 15 minutes and try again.</p>"
      case .refused(let reason):
        "<p class=\"warn\" id=\"notice\" role=\"alert\">Not changed: \(reason).</p>"
      }
    }
  }

  static func page(
    who: SignedIn, context: ServiceContext, notice: Notice?, status: HTTPStatus = .ok
  ) -> DashboardResponse {
    let body: HTML = """
      <h1>Your account</h1>
      <p>\(who.user.email) (\(who.role.rawValue))</p>
      \(notice?.html)
      <h2>Change your password</h2>
      <p class="muted">At least \(PasswordHasher.minimumLength) characters. Your other sessions \
      are signed out; this one stays.</p>
      <form method="post" action="/dashboard/account/password" class="narrow">
      <input type="hidden" name="csrf" value="\(who.csrfToken)">
      <label>Current password <input type="password" name="current" id="current" required autocomplete="current-password"></label>
      <label>New password <input type="password" name="new" id="new" required autocomplete="new-password"></label>
      <label>New password again <input type="password" name="new2" id="new2" required autocomplete="new-password"></label>
      <button type="submit" id="change-password">Change password</button>
      </form>
      """
    return DashboardLayout.response(
      title: "Your account", who: who, body: body, active: "/dashboard/account", status: status)
  }
}
