import Foundation
import Storage

/// Limits failed logins per client address and per email over a sliding window. The counts
/// live in the store, so every node behind a load balancer sees the same ones.
struct LoginRateLimit: Sendable {
  var window: TimeInterval = 15 * 60
  var maximumPerEmail = 5
  var maximumPerAddress = 20

  func keys(email: String, address: String) -> (email: String, address: String) {
    ("email:" + Contact.normalizedEmail(email), "ip:" + address)
  }

  /// Whether another attempt is allowed now.
  func allows(email: String, address: String, store: SQLStore, now: Date) throws -> Bool {
    let keys = keys(email: email, address: address)
    let since = now.addingTimeInterval(-window)
    return try store.loginFailures(key: keys.email, since: since) < maximumPerEmail
      && store.loginFailures(key: keys.address, since: since) < maximumPerAddress
  }

  func recordFailure(email: String, address: String, store: SQLStore, now: Date) throws {
    let keys = keys(email: email, address: address)
    let forget = now.addingTimeInterval(-window)
    try store.recordLoginFailure(key: keys.email, at: now, forgetBefore: forget)
    try store.recordLoginFailure(key: keys.address, at: now, forgetBefore: forget)
  }

  func recordSuccess(email: String, store: SQLStore) throws {
    try store.clearLoginFailures(key: keys(email: email, address: "").email)
  }
}
