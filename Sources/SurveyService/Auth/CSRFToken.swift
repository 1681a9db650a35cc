import Foundation
import Storage

/// CSRF tokens: an HMAC under the service secret, bound to the session (its id hash) so a
/// token from one session is worthless in another; and, before sign-in, a token bound to the
/// time it was issued (the login and setup forms).
enum CSRFToken {
  /// The token of a session, from the hash of its id.
  static func forSession(idHash: [UInt8], secret: SecretKey) -> String {
    secret.sign("csrf|" + Hex.encode(idHash))
  }

  static func isValid(_ token: String?, session: LoginSession, secret: SecretKey) -> Bool {
    guard let token, !token.isEmpty else { return false }
    return secret.verify(token, of: "csrf|" + Hex.encode(session.idHash))
      && Sodium.equal(Array(token.utf8), Array(session.csrfToken.utf8))
  }

  /// How long a pre-login form token stays valid.
  static let anonymousLifetime: TimeInterval = 2 * 3600

  /// A token for a form shown before sign-in: `issued-seconds.signature`.
  static func anonymous(now: Date, secret: SecretKey) -> String {
    let issued = String(Int64(now.timeIntervalSince1970))
    return issued + "." + secret.sign("login|" + issued)
  }

  static func isValidAnonymous(_ token: String?, now: Date, secret: SecretKey) -> Bool {
    guard let token, let dot = token.firstIndex(of: ".") else { return false }
    let issued = String(token[..<dot])
    let signature = String(token[token.index(after: dot)...])
    guard let seconds = Int64(issued) else { return false }
    let age = now.timeIntervalSince1970 - Double(seconds)
    guard age >= -60, age <= anonymousLifetime else { return false }
    return secret.verify(signature, of: "login|" + issued)
  }
}
