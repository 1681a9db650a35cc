import Foundation
import MailTesting
import Testing

@testable import Mail

/// Renders messages and parses them back with Python's email package (scripts/mail-check.py).
@Suite struct RenderingTests {
  @Test func multipartMessageParsesBackExactly() throws {
    let message = try Fixtures.message(id: "fixed-1@nps.example.com")
    let checked = try MailCheck.run(bytes: try message.rendered())
    #expect(checked.defects == [])
    #expect(checked.subject == "Zoë Ærø — ça va? 日本語")
    #expect(checked.fromName == "Zoë Ærø — ça va? 日本語")
    #expect(checked.fromAddress == "survey@nps.example.com")
    #expect(checked.to == [["Émile Zola", "customer@example.com"]])
    #expect(checked.replyTo == "support@example.com")
    #expect(checked.messageId == "<fixed-1@nps.example.com>")
    #expect(checked.date == "Sun, 09 Sep 2001 01:46:40 +0000")
    #expect(checked.mimeVersion == "1.0")
    #expect(checked.contentType == "multipart/alternative")
    #expect(checked.partTypes == ["multipart/alternative", "text/plain", "text/html"])
    #expect(checked.text == Fixtures.text)
    #expect(checked.html == Fixtures.html)
    #expect(checked.textLinks == Fixtures.links + [Fixtures.unsubscribe])
    #expect(checked.htmlLinks == Fixtures.links)
    #expect(checked.listUnsubscribe == "<\(Fixtures.unsubscribe)>")
    #expect(checked.listUnsubscribePost == "List-Unsubscribe=One-Click")
    #expect(checked.maxLineLength <= 76)
    #expect(checked.bareLineFeeds == 0)
    #expect(checked.nonAsciiBytes == 0)
  }

  @Test func rawHeadersAreAsSpecified() throws {
    let message = try Fixtures.message(id: "fixed-1@nps.example.com")
    let raw = String(decoding: try message.rendered(boundary: "=_test_b"), as: UTF8.self)
    #expect(raw.hasPrefix("Date: Sun, 09 Sep 2001 01:46:40 +0000\r\n"))
    #expect(
      raw.contains("\r\nSubject: =?UTF-8?B?Wm/DqyDDhnLDuCDigJQgw6dhIHZhPyDml6XmnKzoqp4=?=\r\n"))
    #expect(raw.contains("\r\nMessage-ID: <fixed-1@nps.example.com>\r\n"))
    #expect(raw.contains("\r\nMIME-Version: 1.0\r\n"))
    #expect(raw.contains("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"))
    #expect(raw.contains("\r\nX-NPS-Survey: 42\r\n"))
    #expect(raw.contains("boundary=\"=_test_b\""))
    #expect(raw.hasSuffix("--=_test_b--\r\n"))
  }

  @Test func boundaryTextInsideBodiesDoesNotBreakTheParts() throws {
    let boundary = "=_nps_0123456789"
    var message = try Fixtures.message()
    message.textBody = "before\n--\(boundary)\nafter --\(boundary)--\n"
    message.htmlBody = "<p>--\(boundary)--</p>"
    let checked = try MailCheck.run(bytes: try message.rendered(boundary: boundary))
    #expect(checked.defects == [])
    #expect(checked.partTypes == ["multipart/alternative", "text/plain", "text/html"])
    #expect(checked.text == message.textBody)
    #expect(checked.html == message.htmlBody)
  }

  @Test func longHeadersFoldAndUnfoldExactly() throws {
    var message = try Fixtures.message()
    let asciiSubject =
      (1...30).map { "word\($0)" }.joined(separator: " ") + "  two  spaces and a trailing dot."
    message.subject = asciiSubject
    message.from = try MailAddress(
      "survey@nps.example.com",
      displayName: "Ünïcödé Nämé GmbH & Co. KG — Großhandel für Bürobedarf und Schreibwaren Köln")
    message.to = [
      try MailAddress("a@example.com", displayName: "Alpha, Inc. \"Quoted\""),
      try MailAddress("b@example.com", displayName: "Beta Person"),
      try MailAddress("c@example.com"),
    ]
    let checked = try MailCheck.run(bytes: try message.rendered())
    #expect(checked.defects == [])
    #expect(checked.subject == asciiSubject)
    #expect(checked.fromName == message.from.displayName)
    #expect(
      checked.to == [
        ["Alpha, Inc. \"Quoted\"", "a@example.com"], ["Beta Person", "b@example.com"],
        ["", "c@example.com"],
      ])
    #expect(checked.maxLineLength <= 76)
  }

  @Test func displayNameWordsAreAtomsQuotedOrEncoded() throws {
    let tokens = HeaderFolding.phraseTokens("Zoë Ærø and Co. 日本", nameLength: 4)
    // base64('Zoë Ærø') = Wm/DqyDDhnLDuA==, base64('日本') = 5pel5pys
    #expect(tokens == ["=?UTF-8?B?Wm/DqyDDhnLDuA==?=", "and", "\"Co.\"", "=?UTF-8?B?5pel5pys?="])
  }

  @Test func longNonASCIISubjectDecodesExactly() throws {
    var message = try Fixtures.message()
    message.subject = String(repeating: "日本語のメール件名 é ", count: 10) + "😀🇩🇪 end"
    let checked = try MailCheck.run(bytes: try message.rendered())
    #expect(checked.defects == [])
    #expect(checked.subject == message.subject)
    #expect(checked.maxLineLength <= 76)
  }

  @Test func extraHeadersWithNonASCIIValuesDecode() throws {
    var message = try Fixtures.message()
    message.extraHeaders = [
      try MailHeader("X-Note", "Grüße aus Köln — 日本語 " + String(repeating: "long ", count: 20)),
      try MailHeader("Auto-Submitted", "auto-generated"),
    ]
    let checked = try MailCheck.run(bytes: try message.rendered())
    #expect(checked.defects == [])
    #expect(
      checked.headers["X-Note"]
        == ["Grüße aus Köln — 日本語 " + String(repeating: "long ", count: 20)])
    #expect(checked.headers["Auto-Submitted"] == ["auto-generated"])
    #expect(checked.maxLineLength <= 76)
  }

  @Test func singlePartMessages() throws {
    var message = try Fixtures.message()
    message.htmlBody = nil
    let text = try MailCheck.run(bytes: try message.rendered())
    #expect(text.contentType == "text/plain")
    #expect(text.text == Fixtures.text)
    #expect(text.defects == [])
    message.textBody = nil
    message.htmlBody = "<p>only html</p>"
    let html = try MailCheck.run(bytes: try message.rendered())
    #expect(html.contentType == "text/html")
    #expect(html.html == "<p>only html</p>\n")
    message.htmlBody = nil
    #expect(throws: MailMessageError.noBody) { try message.rendered() }
    message.textBody = "x"
    message.to = []
    #expect(throws: MailMessageError.noRecipients) { try message.rendered() }
  }

  @Test func randomBoundariesDiffer() throws {
    let message = try Fixtures.message()
    #expect(try message.rendered() != message.rendered())
    #expect(throws: MailMessageError.invalidBoundary("plain")) {
      try message.rendered(boundary: "plain")
    }
  }
}
