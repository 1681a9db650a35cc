import Foundation
import Storage

/// The user behind a dashboard request, with the CSRF token every form of the page carries.
struct SignedIn: Sendable {
  let user: User
  let role: DashboardRole
  let session: LoginSession
  /// The token forms must send back as `csrf`.
  let csrfToken: String

  var canEdit: Bool { role.includes(.member) }
  var isAdmin: Bool { role == .admin }
}

extension ServiceContext {
  /// Records in the audit log what a signed-in user did (`action` on `target`, details as a
  /// JSON object).
  func audit(
    _ who: SignedIn, _ action: String, target: String, detail: String = "{}", at now: Date
  ) throws {
    try store.appendAudit(
      AuditEntry(at: now, actor: who.user.email, action: action, target: target, detail: detail))
  }
}
