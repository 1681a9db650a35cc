import Foundation
import Testing

@testable import Mail

/// Quoted-printable and RFC 2047 against values computed by hand and checked with Python's
/// quopri and base64 modules.
@Suite struct QuotedPrintableTests {
  @Test func encodesEqualsSignAndNonASCII() {
    // python3: quopri.encodestring('Café = 100%'.encode()) == b'Caf=C3=A9 =3D 100%'
    #expect(QuotedPrintable.encode("Café = 100%") == "Caf=C3=A9 =3D 100%")
  }

  @Test func encodesTrailingWhitespaceOnly() {
    #expect(QuotedPrintable.encode("end ") == "end=20")
    #expect(QuotedPrintable.encode("tab\t") == "tab=09")
    #expect(QuotedPrintable.encode("a b \nc") == "a b=20\r\nc")
  }

  @Test func softBreakAfter75Characters() {
    // python3: quopri.encodestring(b'a' * 80) == b'a' * 75 + b'=\naaaaa'
    let expected = String(repeating: "a", count: 75) + "=\r\n" + "aaaaa"
    #expect(QuotedPrintable.encode(String(repeating: "a", count: 80)) == expected)
  }

  @Test func exactly76CharactersNeedNoSoftBreak() {
    let line = String(repeating: "b", count: 76)
    #expect(QuotedPrintable.encode(line) == line)
  }

  @Test func neverSplitsAnEscape() {
    // python3: quopri.encodestring(('a' * 74 + 'é').encode()) == b'a' * 74 + b'=\n=C3=A9'
    let expected = String(repeating: "a", count: 74) + "=\r\n=C3=A9"
    #expect(QuotedPrintable.encode(String(repeating: "a", count: 74) + "é") == expected)
  }

  @Test func normalisesLineBreaksToCRLF() {
    #expect(QuotedPrintable.encode("a\nb\r\nc\rd") == "a\r\nb\r\nc\r\nd")
    #expect(QuotedPrintable.encode("x\n") == "x\r\n")
  }

  @Test func lineStartsThatTransportsRewriteAreEscaped() {
    #expect(
      QuotedPrintable.encode("From here\n.\n..x\nFrom") == "=46rom here\r\n=2E\r\n=2E.x\r\nFrom")
  }

  @Test func controlCharactersAreEscaped() {
    #expect(QuotedPrintable.encode("\u{0}\u{7F}") == "=00=7F")
  }

  @Test func longMixedTextKeepsEveryLineShort() {
    let text = String(repeating: "Grüße aus Köln = schön! ", count: 40) + "\n" + "end"
    let encoded = QuotedPrintable.encode(text)
    for line in encoded.components(separatedBy: "\r\n") {
      #expect(line.utf8.count <= 76)
      #expect(!line.hasSuffix(" "))
    }
    #expect(!encoded.contains("=_"))
    #expect(encoded.utf8.allSatisfy { $0 < 0x80 })
  }
}

@Suite struct EncodedWordTests {
  @Test func shortNonASCIIWord() {
    // python3: base64.b64encode('Zoë'.encode()) == b'Wm/Dqw=='
    #expect(EncodedWord.encode("Zoë") == ["=?UTF-8?B?Wm/Dqw==?="])
  }

  @Test func mixedScriptsInOneWord() {
    // python3: base64.b64encode('Zoë Ærø — ça va? 日本語'.encode())
    #expect(
      EncodedWord.encode("Zoë Ærø — ça va? 日本語") == [
        "=?UTF-8?B?Wm/DqyDDhnLDuCDigJQgw6dhIHZhPyDml6XmnKzoqp4=?="
      ])
  }

  @Test func longTextSplitsBetweenCharactersOnly() throws {
    let text = String(repeating: "日本語テキストé", count: 12) + "😀🇩🇪"
    let words = EncodedWord.encode(text)
    #expect(words.count > 1)
    var decoded = ""
    for word in words {
      #expect(word.utf8.count <= 75)
      #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
      let base64 = String(word.dropFirst(10).dropLast(2))
      let data = try #require(Data(base64Encoded: base64))
      // Each word on its own must be valid UTF-8: no sequence is split.
      let piece = try #require(String(data: data, encoding: .utf8))
      decoded += piece
    }
    #expect(decoded == text)
  }

  @Test func firstWordCanBeShorter() {
    let words = EncodedWord.encode(String(repeating: "é", count: 40), firstWordMaximumLength: 40)
    #expect(words[0].utf8.count <= 40)
    #expect(words.dropFirst().allSatisfy { $0.utf8.count <= 75 })
  }

  @Test func plainASCIIDetection() {
    #expect(EncodedWord.isPlainASCII("Hello, world"))
    #expect(!EncodedWord.isPlainASCII("Grüße"))
    #expect(!EncodedWord.isPlainASCII("looks like =?UTF-8?B?x?="))
  }
}

@Suite struct MailDateTests {
  @Test func knownInstants() {
    #expect(MailDate.format(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
    // date -u -d @1000000000 -R: Sun, 09 Sep 2001 01:46:40 +0000
    #expect(
      MailDate.format(Date(timeIntervalSince1970: 1_000_000_000))
        == "Sun, 09 Sep 2001 01:46:40 +0000")
  }
}
