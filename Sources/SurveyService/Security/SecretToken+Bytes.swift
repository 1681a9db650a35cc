extension SecretToken {
  /// The raw SHA-256 of the token text (32 bytes): what the store keeps and looks up
  /// (`invitation(tokenHash:)`, `createInvitation` with `tokenHash`). `hash` is the same
  /// digest as hex.
  public var hashBytes: [UInt8] { Sodium.sha256(text.utf8) }
}
