import Foundation
import HTTPServer
import Storage

/// What an API key may do. `admin` may do everything.
public enum APIScope: String, Sendable, Hashable, CaseIterable {
  /// Send interactions.
  case ingest
  /// Read decisions, reports and exports.
  case read
  /// Everything.
  case admin
}

/// API keys: `nps_` and 22 random base64url characters, shown once; the store keeps SHA-256.
public enum APIKeys {
  public static let prefix = "nps_"

  /// Creates a key with one scope; returns the key text (show it once) and the stored record.
  public static func create(
    store: SQLStore, name: String, scope: APIScope, now: Date
  ) throws -> (key: String, record: APIKey) {
    let token = SecretToken.generate(prefix: prefix)
    let record = try store.createAPIKey(
      name: name, keyHash: token.hashBytes,
      prefix: String(token.text.prefix(prefix.count + 4)), scopes: [scope.rawValue], now: now)
    return (token.text, record)
  }

  /// The key of an `Authorization: Bearer ...` request, checked for `scope`.
  /// Throws 401 (no key, or not a valid key) or 403 (a valid key without the scope).
  static func authorize(_ request: Request, scope: APIScope, context: ServiceContext) throws
    -> APIKey
  {
    let challenge = ["WWW-Authenticate": "Bearer realm=\"nps\""]
    guard let header = request.headers["Authorization"] else {
      throw ProblemDetails(
        status: .unauthorized, detail: "send an API key: Authorization: Bearer KEY",
        headers: challenge)
    }
    let parts = header.split(separator: " ", maxSplits: 1)
    guard parts.count == 2, parts[0].lowercased() == "bearer",
      let token = SecretToken(
        received: String(parts[1]).trimmingCharacters(in: .whitespaces), prefix: prefix),
      let key = try context.store.activeAPIKey(
        hash: token.hashBytes, now: context.clock.now())
    else {
      throw ProblemDetails(
        status: .unauthorized, detail: "the API key is not valid or was revoked",
        headers: challenge)
    }
    guard key.scopes.contains(scope.rawValue) || key.scopes.contains(APIScope.admin.rawValue)
    else {
      throw ProblemDetails(
        status: .forbidden, detail: "this key lacks the \(scope.rawValue) scope")
    }
    return key
  }
}
