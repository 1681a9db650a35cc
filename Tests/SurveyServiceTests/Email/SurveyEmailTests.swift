import Foundation
import Mail
import MailTesting
import Testing

@testable import SurveyService

@Suite struct SurveyEmailTests {
  static let scoreURLs = (0...10).map {
    "https://nps.example.com/s/Tok3n_\($0)?score=\($0)&src=email"
  }
  static let unsubscribeURL = "https://nps.example.com/u/Tok3n?a=1&b=2"

  static func email(
    company: String = "Zoë's Café & <Co>", locale: String? = "en", logo: String? = nil,
    contact: String? = "Zoë Ærø"
  ) throws -> SurveyEmail {
    try SurveyEmail(
      companyName: company, brandColour: try SurveyEmail.BrandColour("#1f4e8c"), logoURL: logo,
      contactName: contact, locale: locale, scoreURLs: scoreURLs, unsubscribeURL: unsubscribeURL)
  }

  static func message(_ email: SurveyEmail) throws -> Data {
    try email.message(
      from: try MailAddress("survey@nps.example.com", displayName: "Zoë's Café"),
      to: try MailAddress("zoe@example.com", displayName: "Zoë Ærø"),
      messageID: try MessageID("inv-1@nps.example.com"),
      date: Date(timeIntervalSince1970: 1_000_000_000)
    ).rendered()
  }

  @Test func englishEmailParsesBackWithElevenButtons() throws {
    let checked = try EmailTestSupport.check(try SurveyEmailTests.message(SurveyEmailTests.email()))
    #expect(checked.defects == [])
    #expect(checked.subject == "How likely are you to recommend Zoë's Café & <Co>?")
    #expect(checked.fromName == "Zoë's Café")
    #expect(checked.partTypes == ["multipart/alternative", "text/plain", "text/html"])
    #expect(checked.listUnsubscribe == "<\(SurveyEmailTests.unsubscribeURL)>")
    #expect(checked.listUnsubscribePost == "List-Unsubscribe=One-Click")
    #expect(checked.messageId == "<inv-1@nps.example.com>")
    #expect(checked.maxLineLength <= 76)
    #expect(checked.nonAsciiBytes == 0)

    let buttons = checked.htmlAnchors.filter { $0.ariaLabel != nil }
    #expect(buttons.map(\.href) == SurveyEmailTests.scoreURLs)
    #expect(buttons.map(\.text) == (0...10).map(String.init))
    #expect(buttons.first?.ariaLabel == "0 out of 10, not at all likely")
    #expect(buttons[5].ariaLabel == "5 out of 10")
    #expect(buttons.last?.ariaLabel == "10 out of 10, extremely likely")
    #expect(buttons.allSatisfy { $0.title == $0.ariaLabel })
    #expect(checked.htmlLinks == SurveyEmailTests.scoreURLs + [SurveyEmailTests.unsubscribeURL])
    #expect(checked.textLinks == SurveyEmailTests.scoreURLs + [SurveyEmailTests.unsubscribeURL])

    let html = try #require(checked.html)
    #expect(html.contains("0 - not at all likely"))
    #expect(html.contains("10 - extremely likely"))
    #expect(html.contains("Zoë&#39;s Café &amp; &lt;Co&gt;"))
    #expect(!html.contains("<Co>"))
    #expect(html.contains("Hello Zoë Ærø,"))
    #expect(html.contains("#1F4E8C"))
    #expect(html.contains("lang=\"en\""))
    let text = try #require(checked.text)
    #expect(
      text.contains(
        "On a scale of 0-10 how likely are you to recommend Zoë's Café & <Co> to a friend or colleague?"
      ))
    #expect(text.contains("0 - not at all likely: \(SurveyEmailTests.scoreURLs[0])\n"))
    #expect(text.contains("\n7: \(SurveyEmailTests.scoreURLs[7])\n"))
    #expect(text.contains("Unsubscribe from these surveys: \(SurveyEmailTests.unsubscribeURL)\n"))
  }

  @Test func nothingThirdPartyIsLoaded() throws {
    let logo = "https://cdn.example.com/logo.png?v=2"
    let html = try SurveyEmailTests.email(logo: logo).html()
    let pattern = try Regex(#"(?:src|href)="([^"]*)""#)
    let urls = html.matches(of: pattern).map { String($0.output[1].substring!) }
      .map { $0.replacingOccurrences(of: "&amp;", with: "&") }
    #expect(Set(urls) == Set(SurveyEmailTests.scoreURLs + [SurveyEmailTests.unsubscribeURL, logo]))
    #expect(!html.lowercased().contains("<script"))
    #expect(html.components(separatedBy: "<img").count == 2)
    #expect(!html.contains("url("))
  }

  @Test func germanEmail() throws {
    let checked = try EmailTestSupport.check(
      try SurveyEmailTests.message(SurveyEmailTests.email(company: "Müller GmbH", locale: "de-AT")))
    #expect(checked.defects == [])
    #expect(checked.subject == "Wie wahrscheinlich ist es, dass Sie Müller GmbH weiterempfehlen?")
    let buttons = checked.htmlAnchors.filter { $0.ariaLabel != nil }
    #expect(buttons.first?.ariaLabel == "0 von 10, überhaupt nicht wahrscheinlich")
    #expect(try #require(checked.html).contains("lang=\"de\""))
    #expect(try #require(checked.text).hasPrefix("Guten Tag Zoë Ærø,\n"))
  }

  @Test func frenchAndSpanishSubjects() throws {
    let french = try SurveyEmailTests.email(company: "Acme", locale: "fr_CA")
    #expect(french.subject == "Quelle est la probabilité que vous recommandiez Acme\u{00A0}?")
    let spanish = try SurveyEmailTests.email(company: "Acme", locale: "es")
    let checked = try EmailTestSupport.check(try SurveyEmailTests.message(spanish))
    #expect(checked.subject == "¿Qué probabilidad hay de que recomiende Acme?")
  }

  @Test func validatesInputs() throws {
    #expect(throws: SurveyEmailError.wrongNumberOfScoreURLs(10)) {
      try SurveyEmail(
        companyName: "A", brandColour: .standard, texts: .english,
        scoreURLs: Array(SurveyEmailTests.scoreURLs.prefix(10)),
        unsubscribeURL: SurveyEmailTests.unsubscribeURL)
    }
    var urls = SurveyEmailTests.scoreURLs
    urls[3] = "javascript:alert(1)"
    #expect(throws: SurveyEmailError.invalidURL("javascript:alert(1)")) {
      try SurveyEmail(
        companyName: "A", brandColour: .standard, texts: .english, scoreURLs: urls,
        unsubscribeURL: SurveyEmailTests.unsubscribeURL)
    }
    #expect(throws: SurveyEmailError.invalidURL("https://x/\"onmouseover=\"x")) {
      try SurveyEmailTests.email(logo: "https://x/\"onmouseover=\"x")
    }
  }

  @Test(arguments: ["red", "#12345", "#1234567", "#GGGGGG", "1F4E8C", "#1F4E8", "", "#+12345"])
  func rejectsBadColours(_ text: String) {
    #expect(throws: SurveyEmailError.invalidBrandColour(text)) {
      try SurveyEmail.BrandColour(text)
    }
  }

  @Test func colourParsingAndContrast() throws {
    let colour = try SurveyEmail.BrandColour("#1a2B3c")
    #expect(colour.hex == "#1A2B3C")
    #expect([colour.red, colour.green, colour.blue] == [Int]([0x1A, 0x2B, 0x3C]))
    // WCAG: black on yellow (luminance 0.9278) beats white; white on navy and black.
    #expect(try SurveyEmail.BrandColour("#FFFF00").textColour == "#111111")
    #expect(try SurveyEmail.BrandColour("#000000").textColour == "#FFFFFF")
    #expect(try SurveyEmail.BrandColour("#1F4E8C").textColour == "#FFFFFF")
    #expect(abs(try SurveyEmail.BrandColour("#FFFF00").relativeLuminance - 0.9278) < 0.0001)
  }

  @Test func nameWithoutContactAndLogo() throws {
    let email = try SurveyEmailTests.email(logo: "https://cdn.example.com/l.png", contact: nil)
    #expect(email.plainText().hasPrefix("Hello,\n"))
    #expect(
      email.html().contains(
        "<img src=\"https://cdn.example.com/l.png\" alt=\"Zoë&#39;s Café &amp; &lt;Co&gt;\""))
  }

  /// Opens the HTML part in headless chromium and counts the rendered score links.
  @Test(.timeLimit(.minutes(1)))
  func rendersInHeadlessChromium() throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") else { return }
    let folder = try EmailTestSupport.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("email.html")
    try SurveyEmailTests.email().html().write(to: file, atomically: true, encoding: .utf8)
    let screenshot = folder.appendingPathComponent("email.png")
    let common = [
      "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
      "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
    ]
    let dom = String(
      decoding: try runProcess(
        "/usr/bin/chromium", common + ["--dump-dom", file.absoluteString]), as: UTF8.self)
    let buttons = dom.components(separatedBy: "aria-label=\"").count - 1
    #expect(buttons == 11)
    _ = try runProcess(
      "/usr/bin/chromium",
      common + ["--screenshot=\(screenshot.path)", "--window-size=640,800", file.absoluteString])
    let size = try FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int
    #expect((size ?? 0) > 10_000)
  }
}
