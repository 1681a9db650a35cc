import Foundation
import HTTPServer
import Storage

/// `/login`, `/logout` and the one-time `/setup/:token` that creates the first admin.
enum LoginRoutes {
  /// A valid argon2id hash of a random password, verified when the email is unknown so an
  /// unknown email costs as much time as a wrong password.
  private static let decoyHash: String =
    (try? PasswordHasher.hash(Base64URL.encode(Sodium.randomBytes(16)))) ?? ""

  static func register(in router: inout Router, context: ServiceContext, auth: DashboardAuth) {
    let limit = LoginRateLimit()
    router.get("/login") { request in
      if try auth.signedIn(request) != nil {
        return .redirect(to: QueryString.safeNext(request.query["next"]))
      }
      let expired = request.query["expired"] == "1"
      return loginPage(
        context: context, next: request.query["next"],
        message: expired ? "Your session has ended. Please sign in again." : nil)
    }
    router.post("/login") { request in
      let form = try request.formFields()
      let now = context.clock.now()
      let next = form["next"]
      guard CSRFToken.isValidAnonymous(form["csrf"], now: now, secret: context.secret) else {
        return loginPage(
          context: context, next: next, message: "The form expired. Please try again.",
          status: .forbidden)
      }
      let email = form["email"] ?? ""
      let password = form["password"] ?? ""
      let address = request.clientAddress
      guard try limit.allows(email: email, address: address, store: context.store, now: now)
      else {
        context.logger.warning("login rate limit reached for an address or email")
        var page = loginPage(
          context: context, next: next,
          message: "Too many failed attempts. Wait 15 minutes and try again.",
          status: .tooManyRequests)
        // The whole window: an earlier failure may leave it sooner, never later.
        page.headers["Retry-After"] = String(Int(limit.window))
        return page
      }
      let user = try context.store.user(email: email)
      let valid: Bool
      if let user, user.disabledAt == nil {
        valid = PasswordHasher.verify(password, hash: user.passwordHash)
      } else {
        _ = PasswordHasher.verify(password, hash: decoyHash)
        valid = false
      }
      guard valid, let user else {
        try limit.recordFailure(email: email, address: address, store: context.store, now: now)
        return loginPage(
          context: context, next: next, message: "Wrong email or password.",
          status: .unauthorized)
      }
      try limit.recordSuccess(email: email, store: context.store)
      var response = DashboardResponse.redirect(to: QueryString.safeNext(next))
      response.setCookie(try auth.startSession(userID: user.id))
      return response
    }
    router.post("/logout") { request in
      if let who = try auth.signedIn(request) {
        let form = try request.formFields()
        guard CSRFToken.isValid(form["csrf"], session: who.session, secret: context.secret) else {
          throw HTTPError(.forbidden, message: "The form expired or did not come from this site.")
        }
        try context.store.deleteSession(idHash: who.session.idHash)
      }
      var response = DashboardResponse.redirect(to: "/login")
      response.setCookie(try auth.cookie.removal())
      return response
    }
    router.get("/setup/:token") { request in
      let token = try request.parameters.require("token")
      guard try isSetupOpen(token, context: context) else { throw HTTPError(.notFound) }
      return setupPage(context: context, token: token, message: nil)
    }
    router.post("/setup/:token") { request in
      let token = try request.parameters.require("token")
      let form = try request.formFields()
      let now = context.clock.now()
      guard CSRFToken.isValidAnonymous(form["csrf"], now: now, secret: context.secret) else {
        throw HTTPError(.forbidden, message: "The form expired. Reload the page.")
      }
      guard let secret = SecretToken(received: token),
        try context.store.isSetupTokenValid(hash: secret.hashBytes, now: now)
      else { throw HTTPError(.notFound) }
      let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces)
      let password = form["password"] ?? ""
      guard email.contains("@") else {
        return setupPage(
          context: context, token: token, message: "Enter an email address.",
          status: .unprocessableContent)
      }
      guard password == form["password2"] else {
        return setupPage(
          context: context, token: token, message: "The passwords differ.",
          status: .unprocessableContent)
      }
      let hash: String
      do { hash = try PasswordHasher.hash(password) } catch let error as PasswordError {
        return setupPage(
          context: context, token: token, message: error.description,
          status: .unprocessableContent)
      }
      guard
        let user = try context.store.createFirstUser(
          tokenHash: secret.hashBytes, email: email, name: form["name"] ?? "",
          passwordHash: hash, now: now)
      else { throw HTTPError(.notFound) }
      context.logger.info("first admin created with the setup link")
      var response = DashboardResponse.redirect(to: "/dashboard")
      response.setCookie(try auth.startSession(userID: user.id))
      return response
    }
  }

  static func isSetupOpen(_ token: String, context: ServiceContext) throws -> Bool {
    guard let secret = SecretToken(received: token) else { return false }
    return try context.store.isSetupTokenValid(hash: secret.hashBytes, now: context.clock.now())
      && context.store.userCount() == 0
  }

  static func loginPage(
    context: ServiceContext, next: String?, message: String?, status: HTTPStatus = .ok
  ) -> DashboardResponse {
    let csrf = CSRFToken.anonymous(now: context.clock.now(), secret: context.secret)
    let notice: HTML? = message.map { "<p class=\"warn\" role=\"alert\">\($0)</p>" }
    let body: HTML = """
      <h1>Sign in</h1>\(notice)
      <form method="post" action="/login" class="narrow">
      <input type="hidden" name="csrf" value="\(csrf)">
      <input type="hidden" name="next" value="\(QueryString.safeNext(next))">
      <label>Email <input type="email" name="email" id="email" required autocomplete="username"></label>
      <label>Password <input type="password" name="password" id="password" required autocomplete="current-password"></label>
      <button type="submit" id="sign-in">Sign in</button>
      </form>
      """
    return DashboardLayout.response(title: "Sign in", who: nil, body: body, status: status)
  }

  /// The setup form; with `message` (422) when what was sent cannot make the first admin.
  static func setupPage(
    context: ServiceContext, token: String, message: String?, status: HTTPStatus = .ok
  ) -> DashboardResponse {
    let csrf = CSRFToken.anonymous(now: context.clock.now(), secret: context.secret)
    let notice: HTML? = message.map { "<p class=\"warn\" role=\"alert\">\($0)</p>" }
    let body: HTML = """
      <h1>Create the first administrator</h1>\(notice)
      <p>This link works once. Passwords need at least \(PasswordHasher.minimumLength) characters.</p>
      <form method="post" action="/setup/\(token)" class="narrow">
      <input type="hidden" name="csrf" value="\(csrf)">
      <label>Email <input type="email" name="email" required></label>
      <label>Name <input type="text" name="name"></label>
      <label>Password <input type="password" name="password" required autocomplete="new-password"></label>
      <label>Password again <input type="password" name="password2" required autocomplete="new-password"></label>
      <button type="submit">Create</button>
      </form>
      """
    return DashboardLayout.response(title: "Set up", who: nil, body: body, status: status)
  }
}
