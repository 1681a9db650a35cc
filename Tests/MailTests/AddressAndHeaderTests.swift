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

/// `MailHeaderText` and `MailAddress.checkDisplayName`: the one rule for what header text may
/// hold, which applications also apply where names are typed in.
@Suite struct HeaderTextRuleTests {
  @Test(arguments: [
    "Evil\nBcc: x@y.com", "Multi\r\nLine", "Acme\u{2028}Inc", "Acme\u{2029}Inc", "Next\u{85}Line",
    "C1\u{9B}control", "Del\u{7F}", "Nul\u{0}",
  ])
  func refusedEverywhereAHeaderIsMade(_ text: String) throws {
    #expect(text.unicodeScalars.contains { !MailHeaderText.isAllowed($0) })
    #expect(throws: MailMessageError.headerContainsControlCharacter(field: "display name")) {
      try MailAddress.checkDisplayName(text)
    }
    #expect(throws: MailMessageError.headerContainsControlCharacter(field: "display name")) {
      try MailAddress("a@example.com", displayName: text)
    }
    #expect(throws: MailMessageError.headerContainsControlCharacter(field: "X-Test")) {
      try MailHeader("X-Test", text)
    }
    let message = MailMessage(
      from: try MailAddress("a@example.com"), to: [try MailAddress("b@example.com")],
      subject: text, textBody: "x")
    #expect(throws: MailMessageError.headerContainsControlCharacter(field: "Subject")) {
      try message.rendered()
    }
  }

  @Test func tabsAndUnicodeTextAreAllowed() throws {
    for text in ["Zoë’s Café", "Tab\there", "株式会社", "A \"quoted\" name, Inc."] {
      try MailAddress.checkDisplayName(text)
      #expect(try MailAddress("a@example.com", displayName: text).displayName == text)
    }
  }

  /// A quoted ASCII name is one word that cannot be folded: past about 490 characters its
  /// line would pass 998, so it is refused when the address is made, not when rendering.
  @Test func aNameTooLongToFoldIsRefusedUpFront() throws {
    let fits = "Acme, " + String(repeating: "a", count: 480)
    try MailAddress.checkDisplayName(fits)
    let message = MailMessage(
      from: try MailAddress("a@example.com", displayName: fits),
      to: [try MailAddress("b@example.com")], subject: "x", textBody: "x")
    #expect(try message.rendered().count > 0)
    let tooLong = "Acme, " + String(repeating: "a", count: 1000)
    #expect(throws: MailMessageError.headerTooLong(field: "display name")) {
      try MailAddress.checkDisplayName(tooLong)
    }
    #expect(throws: MailMessageError.headerTooLong(field: "display name")) {
      try MailAddress("a@example.com", displayName: tooLong)
    }
    // Non-ASCII names become encoded-words of at most 75 characters: any length folds.
    try MailAddress.checkDisplayName(String(repeating: "é", count: 1000))
  }
}
