import Foundation
import HTTPServer
import Storage

/// The session cookie: an opaque random id (only its SHA-256 is stored), HttpOnly,
/// SameSite=Strict, and Secure with the `__Host-` prefix when the base URL is https.
struct SessionCookie: Sendable {
  static let lifetime: TimeInterval = 12 * 3600
  let secure: Bool

  init(context: ServiceContext) {
    secure = context.configuration.publicBase.lowercased().hasPrefix("https://")
  }

  var name: String { secure ? "__Host-nps_session" : "nps_session" }

  func cookie(for token: SecretToken) throws -> Cookie {
    try Cookie(
      name: name, value: token.text, maxAge: Int(Self.lifetime), secure: secure, httpOnly: true,
      sameSite: .strict)
  }

  func removal() throws -> Cookie {
    try Cookie(
      name: name, value: "", maxAge: 0, expires: Date(timeIntervalSince1970: 0), secure: secure,
      httpOnly: true, sameSite: .strict)
  }

  /// The session id's hash from the request's cookie, nil when absent or malformed.
  func idHash(in request: Request) -> [UInt8]? {
    guard let value = request.cookies[name], let token = SecretToken(received: value) else {
      return nil
    }
    return token.hashBytes
  }
}
