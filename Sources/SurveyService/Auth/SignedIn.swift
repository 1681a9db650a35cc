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
