import Foundation
import HTTPServer
import Storage

/// Admin-only forms of the settings page: API keys and users (add, role, disable, reset the
/// password, remove). An admin cannot demote, disable, reset or remove themselves here (their
/// own password changes on the account page, with the current one).
enum AdminRoutes {
  static let scopes = ["ingest", "read", "admin"]

  static func register(in router: inout Router, context: ServiceContext, auth: DashboardAuth) {
    router.post(
      "/dashboard/settings/keys",
      handler: auth.action(.admin) { _, form, who in
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
        let chosen = form.values(for: "scope").filter(scopes.contains)
        guard !name.isEmpty, !chosen.isEmpty else {
          throw HTTPError.badRequest("A key needs a name and at least one scope.")
        }
        let token = SecretToken.generate(prefix: "nps_")
        let now = context.clock.now()
        let key = try context.store.createAPIKey(
          name: name, keyHash: token.hashBytes, prefix: String(token.text.prefix(8)),
          scopes: chosen, now: now)
        try context.audit(who, "apikey.create", target: "apikey:\(key.id)", at: now)
        let filter = try ReportFilter.parse(FormFields(), context: context)
        return try SettingsPage.render(
          filter: filter, who: who, context: context, newKey: token.text)
      })
    router.post("/dashboard/settings/keys/:id/revoke") { request in
      try auth.action(.admin) { request, _, who in
        let id = try request.parameters.require("id", as: Int64.self)
        let now = context.clock.now()
        try context.store.revokeAPIKey(id: id, at: now)
        try context.audit(who, "apikey.revoke", target: "apikey:\(id)", at: now)
        return .redirect(to: "/dashboard/settings")
      }(request)
    }
    router.post(
      "/dashboard/settings/users",
      handler: auth.action(.admin) { _, form, who in
        guard let role = DashboardRole(rawValue: form["role"] ?? "") else {
          throw HTTPError.badRequest("A user needs a role: admin, member or viewer.")
        }
        let email: String
        let name: String
        do {
          email = try UserDetails.email(form["email"] ?? "")
          name = try UserDetails.name(form["name"] ?? "")
        } catch {
          throw HTTPError.badRequest("\(error). Nothing was saved.")
        }
        guard try context.store.user(email: email) == nil else {
          throw HTTPError(.conflict, message: "That email already has an account.")
        }
        let hash: String
        do { hash = try PasswordHasher.hash(form["password"] ?? "") } catch let error
          as PasswordError
        {
          throw HTTPError.badRequest(error.description)
        }
        let now = context.clock.now()
        let user = try context.store.createUser(
          email: email, name: name, passwordHash: hash, role: role.rawValue, now: now)
        try context.audit(who, "user.create", target: "user:\(user.id)", at: now)
        return .redirect(to: "/dashboard/settings")
      })
    router.post("/dashboard/settings/users/:id") { request in
      try auth.action(.admin) { request, form, who in
        let id = try request.parameters.require("id", as: Int64.self)
        guard let role = DashboardRole(rawValue: form["role"] ?? "") else {
          throw HTTPError.badRequest("Unknown role.")
        }
        let disabled = form["disabled"] == "1"
        if id == who.user.id, role != .admin || disabled {
          throw HTTPError.badRequest("You cannot demote or disable yourself.")
        }
        guard try context.store.user(id: id) != nil else { throw HTTPError(.notFound) }
        let now = context.clock.now()
        try context.store.updateUser(id: id, role: role.rawValue, disabled: disabled, now: now)
        try context.audit(who, "user.update", target: "user:\(id)", at: now)
        return .redirect(to: "/dashboard/settings")
      }(request)
    }
    router.post("/dashboard/settings/users/:id/password") { request in
      try auth.action(.admin) { request, form, who in
        let id = try request.parameters.require("id", as: Int64.self)
        guard id != who.user.id else {
          throw HTTPError.badRequest("Change your own password on your account page.")
        }
        guard try context.store.user(id: id) != nil else { throw HTTPError(.notFound) }
        let hash: String
        do { hash = try PasswordHasher.hash(form["password"] ?? "") } catch let error
          as PasswordError
        {
          throw HTTPError.badRequest("Not changed: \(error.description).")
        }
        // Every session of that user ends.
        try context.store.setPassword(userID: id, passwordHash: hash)
        try context.audit(who, "user.password_reset", target: "user:\(id)", at: context.clock.now())
        return .redirect(to: "/dashboard/settings")
      }(request)
    }
    router.post("/dashboard/settings/users/:id/delete") { request in
      try auth.action(.admin) { request, _, who in
        let id = try request.parameters.require("id", as: Int64.self)
        guard id != who.user.id else { throw HTTPError.badRequest("You cannot remove yourself.") }
        guard let user = try context.store.user(id: id) else { throw HTTPError(.notFound) }
        try context.store.deleteUser(id: id)
        try context.store.appendAudit(
          AuditEntry(
            at: context.clock.now(), actor: who.user.email, action: "user.delete",
            target: "user:\(id)",
            detail: String(decoding: try JSONEncoder().encode(["email": user.email]), as: UTF8.self)
          ))
        return .redirect(to: "/dashboard/settings")
      }(request)
    }
  }
}
