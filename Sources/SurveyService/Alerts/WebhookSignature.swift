import Foundation

/// The signature of a webhook delivery: `sha256=` and the lower-case hex of
/// HMAC-SHA256(secret, timestamp + "." + body), where the key is the secret's UTF-8 bytes and
/// the timestamp is the `X-NPS-Timestamp` header (Unix seconds).
public enum WebhookSignature {
  public static let timestampHeader = "X-NPS-Timestamp"
  public static let signatureHeader = "X-NPS-Signature"

  /// The `X-NPS-Signature` value for a body sent at `timestamp`.
  public static func sign(secret: String, timestamp: Int64, body: [UInt8]) -> String {
    let message = Array("\(timestamp).".utf8) + body
    return "sha256=" + Hex.encode(Sodium.hmacSHA256(key: Array(secret.utf8), message: message))
  }

  /// Whether `signature` is right for the body and timestamp (compared in constant time).
  public static func verify(secret: String, timestamp: Int64, body: [UInt8], signature: String)
    -> Bool
  {
    Sodium.equal(
      Array(sign(secret: secret, timestamp: timestamp, body: body).utf8), Array(signature.utf8))
  }

  /// A new signing secret: `whsec_` and 32 random bytes in hex.
  public static func newSecret() -> String {
    "whsec_" + Hex.encode(Sodium.randomBytes(32))
  }
}
