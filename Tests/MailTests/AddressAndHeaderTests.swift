import Foundation
import Testing

@testable import Mail

@Suite struct MailAddressTests {
  @Test(arguments: [
    "a@example.com", "first.last+tag@sub.example.co.uk", "x@localhost", "o'neil@example.com",
    "user@[127.0.0.1]",
  ])
  func acceptsValidAddresses(_ address: String) throws {
    #expect(try MailAddress(address).address == address)
  }

  @Test(arguments: [
    "", "no-at-sign", "@example.com", "a@", "a..b@example.com", ".a@example.com",
    "a b@example.com", "a@-example.com", "a@example..com", "zoë@example.com", "a@exa_mple.com",
    "a@[999.1.1.1]", "a\r\n@example.com",
  ])
  func rejectsInvalidAddresses(_ address: String) {
    #expect(throws: MailMessageError.self) { try MailAddress(address) }
  }

  @Test func reasonIsClear() {
    #expect(throws: MailMessageError.invalidAddress("a@", reason: "empty domain")) {
      try MailAddress("a@")
    }
  }

  @Test func displayNameWithLineBreakIsRejected() {
    #expect(throws: MailMessageError.headerContainsControlCharacter(field: "display name")) {
      try MailAddress("a@example.com", displayName: "Eve\r\nBcc: victim@example.com")
    }
  }

  @Test func parsesNameAndAddress() throws {
    let parsed = try MailAddress(parsing: "  \"Ana \\\"A\\\" B\" <ana@example.com> ")
    #expect(parsed.displayName == "Ana \"A\" B")
    #expect(parsed.address == "ana@example.com")
    let bare = try MailAddress(parsing: "bob@example.com")
    #expect(bare.displayName == nil)
    let unquoted = try MailAddress(parsing: "NPS Team <nps@example.com>")
    #expect(unquoted.displayName == "NPS Team")
    #expect(unquoted.domain == "example.com")
  }
}

@Suite struct HeaderValidationTests {
  @Test func extraHeaderRejectsLineBreaks() {
    #expect(throws: MailMessageError.headerContainsControlCharacter(field: "X-Test")) {
      try MailHeader("X-Test", "a\r\nBcc: someone@example.com")
    }
    #expect(throws: MailMessageError.headerContainsControlCharacter(field: "X-Test")) {
      try MailHeader("X-Test", "a\nb")
    }
  }

  @Test func extraHeaderRejectsReservedAndBadNames() {
    #expect(throws: MailMessageError.reservedHeaderName("Subject")) {
      try MailHeader("Subject", "x")
    }
    #expect(throws: MailMessageError.invalidHeaderName("X Bad")) { try MailHeader("X Bad", "x") }
    #expect(throws: MailMessageError.invalidHeaderName("X:Bad")) { try MailHeader("X:Bad", "x") }
  }

  @Test func subjectWithLineBreakIsRejectedWhenRendering() throws {
    let message = MailMessage(
      from: try MailAddress("a@example.com"), to: [try MailAddress("b@example.com")],
      subject: "Hi\r\nBcc: victim@example.com", textBody: "x")
    #expect(throws: MailMessageError.headerContainsControlCharacter(field: "Subject")) {
      try message.rendered()
    }
  }

  @Test func messageIDValidation() throws {
    #expect(try MessageID("inv-42.abc@nps.example.com").bracketed == "<inv-42.abc@nps.example.com>")
    for bad in ["no-at", "a@b@c", "<a@b>", "a b@c", "a@b\r\n", "@b", "a@"] {
      #expect(throws: MailMessageError.invalidMessageID(bad)) { try MessageID(bad) }
    }
    let random = MessageID.random(domain: "example.com")
    #expect(random.value.hasSuffix("@example.com"))
    #expect(random.value.count == 32 + 12)
    #expect(random != MessageID.random(domain: "example.com"))
  }

  @Test func unsubscribeURLValidation() throws {
    #expect(try ListUnsubscribe(url: "https://nps.example.com/u/abc").oneClick)
    for bad in ["ftp://x", "https://a b", "https://x/<y>", "javascript:alert(1)", "https://x\r\n"] {
      #expect(throws: MailMessageError.invalidUnsubscribeURL(bad)) {
        try ListUnsubscribe(url: bad)
      }
    }
  }
}
