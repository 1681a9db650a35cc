import CSodium
import Foundation

/// The service's use of libsodium: random bytes, SHA-256, HMAC-SHA256 and argon2id.
/// `sodium_init` runs once, before first use, and is safe from any thread.
enum Sodium {
  private static let initialised: Bool = {
    sodium_init() >= 0
  }()

  static func ensureInitialised() {
    precondition(initialised, "libsodium could not be initialised")
  }

  /// Cryptographically secure random bytes.
  static func randomBytes(_ count: Int) -> [UInt8] {
    ensureInitialised()
    var bytes = [UInt8](repeating: 0, count: count)
    bytes.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, count) }
    return bytes
  }

  static func sha256(_ input: some Collection<UInt8>) -> [UInt8] {
    ensureInitialised()
    let bytes = Array(input)
    var out = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_bytes()))
    _ = crypto_hash_sha256(&out, bytes, UInt64(bytes.count))
    return out
  }

  static func hmacSHA256(key: [UInt8], message: some Collection<UInt8>) -> [UInt8] {
    ensureInitialised()
    let bytes = Array(message)
    var state = crypto_auth_hmacsha256_state()
    var out = [UInt8](repeating: 0, count: Int(crypto_auth_hmacsha256_bytes()))
    _ = crypto_auth_hmacsha256_init(&state, key, key.count)
    _ = crypto_auth_hmacsha256_update(&state, bytes, UInt64(bytes.count))
    _ = crypto_auth_hmacsha256_final(&state, &out)
    return out
  }

  /// Compares two byte strings in constant time.
  static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    ensureInitialised()
    guard a.count == b.count else { return false }
    return sodium_memcmp(a, b, a.count) == 0
  }
}
