import Foundation

/// The service's secret (32 random bytes), generated on first run and kept in the data folder
/// with owner-only permissions. It signs what must not be forged (CSRF tokens, webhook
/// payloads).
public struct SecretKey: Sendable {
  public let bytes: [UInt8]

  public init(bytes: [UInt8]) { self.bytes = bytes }

  /// A new random key (tests).
  public static func random() -> SecretKey { SecretKey(bytes: Sodium.randomBytes(32)) }

  /// The key of a configuration: the shared file `NPS_SECRET_KEY_FILE` when set (it must
  /// exist: a node that made its own key would make links the other nodes refuse), else
  /// `secret.key` in the data folder, created on first start.
  public static func load(for configuration: ServiceConfiguration) throws(ConfigurationError)
    -> SecretKey
  {
    guard let path = configuration.secretKeyFile else {
      return try loadOrCreate(in: configuration.dataDirectory)
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ConfigurationError(
        "NPS_SECRET_KEY_FILE: cannot read \(path) (make one with: head -c 32 /dev/urandom > \(path))"
      )
    }
    guard data.count == 32 else {
      throw ConfigurationError("\(path) is not a secret key (expected 32 bytes)")
    }
    return SecretKey(bytes: Array(data))
  }

  /// Reads `secret.key` from the folder, creating it (mode 0600) when missing.
  public static func loadOrCreate(in folder: String) throws(ConfigurationError) -> SecretKey {
    let path = folder + "/secret.key"
    let manager = FileManager.default
    if let data = manager.contents(atPath: path) {
      guard data.count == 32 else {
        throw ConfigurationError("\(path) is not a secret key (expected 32 bytes)")
      }
      return SecretKey(bytes: Array(data))
    }
    do {
      try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw ConfigurationError(
        "cannot create the data folder \(folder): \(error.localizedDescription)")
    }
    let key = SecretKey.random()
    guard
      manager.createFile(
        atPath: path, contents: Data(key.bytes), attributes: [.posixPermissions: 0o600])
    else { throw ConfigurationError("cannot write \(path)") }
    return key
  }

  /// HMAC-SHA256 of `message` under this key, as lower-case hex.
  public func sign(_ message: String) -> String {
    Hex.encode(Sodium.hmacSHA256(key: bytes, message: Array(message.utf8)))
  }

  /// Whether `signature` is this key's signature of `message` (constant-time comparison).
  public func verify(_ signature: String, of message: String) -> Bool {
    Sodium.equal(Array(sign(message).utf8), Array(signature.utf8))
  }
}
