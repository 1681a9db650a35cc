import Testing

@testable import SurveyService

@Suite struct SecurityTests {
  @Test func sha256OfAKnownString() {
    // FIPS 180-2 example "abc".
    #expect(
      Hex.encode(Sodium.sha256(Array("abc".utf8)))
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test func hmacSHA256RFC4231Case2() {
    let mac = Sodium.hmacSHA256(
      key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
    #expect(
      Hex.encode(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
  }

  @Test func base64URLMatchesRFC4648Vectors() {
    #expect(Base64URL.encode(Array("f".utf8)) == "Zg")
    #expect(Base64URL.encode(Array("fo".utf8)) == "Zm8")
    #expect(Base64URL.encode(Array("foo".utf8)) == "Zm9v")
    #expect(Base64URL.encode(Array("foob".utf8)) == "Zm9vYg")
    #expect(Base64URL.encode([0xfb, 0xff]) == "-_8")
  }

  @Test func tokensAreRandomAndOnlyTheirHashIsKept() throws {
    let tokens = (0..<1000).map { _ in SecretToken.generate() }
    #expect(Set(tokens.map(\.text)).count == 1000)
    let token = try #require(tokens.first)
    #expect(token.text.count == 22)
    #expect(token.hash == Hex.encode(Sodium.sha256(Array(token.text.utf8))))
    #expect(token.hash.count == 64)
    #expect(!String(describing: token).contains(token.text))
    #expect(SecretToken(received: token.text)?.hash == token.hash)
    #expect(SecretToken(received: "short") == nil)
    #expect(SecretToken(received: String(token.text.dropLast()) + "!") == nil)
    let key = SecretToken.generate(prefix: "nps_ing_")
    #expect(key.text.hasPrefix("nps_ing_"))
    #expect(SecretToken(received: key.text, prefix: "nps_ing_") != nil)
  }

  @Test func passwordsHashWithArgon2id() throws {
    let hash = try PasswordHasher.hash("correct horse battery")
    #expect(hash.hasPrefix("$argon2id$"))
    #expect(PasswordHasher.verify("correct horse battery", hash: hash))
    #expect(!PasswordHasher.verify("correct horse batterz", hash: hash))
    #expect(throws: PasswordError.self) { try PasswordHasher.hash("short") }
  }
}
