import Foundation

/// The survey token of an invitation, derived instead of stored.
///
/// token = base64url(first 16 bytes of HMAC-SHA256(secret, "invitation:ID:CREATED_MS")).
/// The store keeps only SHA-256(token text) (what the survey pages look up), so a copy of the
/// database reveals no usable link; the worker recomputes the token from the invitation's id
/// and creation time with the server secret whenever it (re)sends the email, so a resend after
/// a crash carries the same links. Including the creation time keeps tokens distinct if ids are
/// ever reused with the same secret (a database restored empty).
public enum InvitationToken {
  /// The token of invitation `id` created at `createdAt`.
  public static func token(secret: SecretKey, invitationID id: Int64, createdAt: Date)
    -> SecretToken
  {
    let millis = Int64((createdAt.timeIntervalSince1970 * 1000).rounded())
    let mac = Sodium.hmacSHA256(
      key: secret.bytes, message: Array("invitation:\(id):\(millis)".utf8))
    return SecretToken(received: Base64URL.encode(Array(mac.prefix(16))))!
  }

  /// SHA-256 of the token text as bytes: what `invitations.token_hash` holds.
  public static func hashBytes(_ token: SecretToken) -> [UInt8] {
    token.hashBytes
  }

  /// The stored hash of invitation `id`'s token.
  public static func hash(secret: SecretKey, invitationID id: Int64, createdAt: Date) -> [UInt8] {
    hashBytes(token(secret: secret, invitationID: id, createdAt: createdAt))
  }
}
