import CSodium

/// Hashes and verifies passwords with argon2id (libsodium's interactive limits).
public enum PasswordHasher {
  /// Passwords shorter than this are refused.
  public static let minimumLength = 10
  /// Longer passwords are refused so a login cannot cost unbounded work.
  public static let maximumLength = 1024

  /// The argon2id hash in libsodium's encoded form (`$argon2id$v=19$...`).
  public static func hash(_ password: String) throws(PasswordError) -> String {
    try validate(password)
    Sodium.ensureInitialised()
    var out = [CChar](repeating: 0, count: Int(crypto_pwhash_strbytes()))
    let status = crypto_pwhash_str(
      &out, password, UInt64(password.utf8.count), UInt64(crypto_pwhash_opslimit_interactive()),
      crypto_pwhash_memlimit_interactive())
    guard status == 0 else { throw .outOfMemory }
    return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Whether `password` matches the stored hash.
  public static func verify(_ password: String, hash: String) -> Bool {
    guard password.utf8.count <= maximumLength else { return false }
    Sodium.ensureInitialised()
    return crypto_pwhash_str_verify(hash, password, UInt64(password.utf8.count)) == 0
  }

  static func validate(_ password: String) throws(PasswordError) {
    if password.count < minimumLength { throw .tooShort }
    if password.utf8.count > maximumLength { throw .tooLong }
  }
}

/// Why a password was refused.
public enum PasswordError: Error, Sendable, CustomStringConvertible {
  case tooShort
  case tooLong
  case outOfMemory

  public var description: String {
    switch self {
    case .tooShort: "the password must have at least \(PasswordHasher.minimumLength) characters"
    case .tooLong: "the password must have at most \(PasswordHasher.maximumLength) bytes"
    case .outOfMemory: "not enough memory to hash the password"
    }
  }
}
