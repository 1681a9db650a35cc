import Foundation
import HTTPServer
import NPSCore
import Storage
import StoreTesting
import Testing

@testable import SurveyService

/// What the pages show: wording by locale and category, labels, structure, headers.
@Suite struct PageContentTests {
  @Test func theScorePageIsAnAccessibleRadioGroupWithTheChosenScoreSelected() throws {
    try withSurveyPages { app in
      let (token, _, _) = try app.invite()
      let page = try app.get("/s/\(token.text)/3")
      let html = page.text
      #expect(page.headers["Content-Type"] == "text/html; charset=utf-8")
      #expect(html.contains("<html lang=\"en\">"))
      #expect(
        html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
      #expect(
        html.contains("<fieldset>\n<legend>On a scale of 0-10 how likely are you to recommend"))
      // Eleven radios, only 3 checked, each with its label text.
      #expect(html.components(separatedBy: "type=\"radio\" name=\"score\"").count == 12)
      #expect(html.components(separatedBy: " checked>").count == 2)
      #expect(html.contains("value=\"3\" checked>"))
      #expect(html.contains("<span class=\"sr\">0 - not at all likely</span>"))
      #expect(html.contains("<span class=\"sr\">10 - extremely likely</span>"))
      #expect(html.contains("<span class=\"sr\">5 out of 10</span>"))
      // The detractor follow-up labels the comment box.
      #expect(
        html.contains(
          "<label class=\"followup\" id=\"followup\" for=\"comment\">If you did not give us a 10"))
      #expect(html.contains("<textarea id=\"comment\" name=\"comment\""))
      // Script and style only from this site; no inline script.
      #expect(html.contains("<script src=\"/assets/survey.js\" defer></script>"))
      #expect(!html.contains("<script>"))
      #expect(!html.contains("http://") && !html.contains("https://"))
      #expect(html.contains("<noscript>"))
      #expect(
        page.headers["Content-Security-Policy"]
          == SurveyApplication.contentSecurityPolicy + "; connect-src 'self'")
      #expect(page.headers["Cache-Control"] == "no-store")
      #expect(page.headers["Referrer-Policy"] == "no-referrer")
    }
  }

  @Test(arguments: [
    (9, "Thank you! What do you like most about "),
    (7, "If you did not give us a 10"),
    (0, "If you did not give us a 10"),
  ])
  func theFollowUpQuestionFollowsTheCategory(score: Int, start: String) throws {
    try withSurveyPages { app in
      let (token, _, _) = try app.invite()
      let html = try app.get("/s/\(token.text)/\(score)").text
      #expect(html.contains("for=\"comment\">\(start)"))
    }
  }

  @Test func textsFollowTheContactsLocaleAndTheSurveysOwnWording() throws {
    try withSurveyPages { app in
      var survey = try app.defaultSurvey
      survey.brandName = "Acme"
      survey.followupDetractor = "Was lief schief?"
      try app.store.updateSurvey(survey, now: app.clock.now())
      let (german, _, _) = try app.invite(email: "de@example.com", locale: "de-AT")
      let html = try app.get("/s/\(german.text)/2").text
      #expect(html.contains("<html lang=\"de\">"))
      #expect(
        html.contains(
          "<legend>Wie wahrscheinlich ist es auf einer Skala von 0 bis 10, dass Sie Acme einem"))
      #expect(html.contains("<span class=\"sr\">0 - überhaupt nicht wahrscheinlich</span>"))
      #expect(html.contains("for=\"comment\">Was lief schief?</label>"))
      #expect(html.contains(">Senden</button>"))
      for (locale, send) in [("fr", "Envoyer"), ("es", "Enviar"), ("nl", "Versturen")] {
        let (token, _, _) = try app.invite(email: "\(locale)@example.com", locale: locale)
        let page = try app.get("/s/\(token.text)/8").text
        #expect(page.contains("<html lang=\"\(locale)\">"))
        #expect(page.contains(">\(send)</button>"))
      }
    }
  }

  /// A contact without a locale, or with one the texts are not built into, reads the page in
  /// the survey's language, as the email is written (the page was English, the email German).
  @Test(arguments: [(nil, "de"), ("pt-BR", "de"), ("", "de"), ("fr-CA", "fr"), ("EN", "en")])
  func pagesFallBackToTheSurveysLanguageLikeTheEmail(locale: String?, expected: String) throws {
    try withSurveyPages { app in
      var survey = try app.defaultSurvey
      survey.language = "de"
      try app.store.updateSurvey(survey, now: app.clock.now())
      let (token, _, _) = try app.invite(email: "x@example.com", locale: locale)
      let page = try app.get("/s/\(token.text)/9").text
      #expect(page.contains("<html lang=\"\(expected)\">"))
      let email = try InvitationMailer.email(
        context: app.context, survey: try app.defaultSurvey, contactName: nil,
        locale: SurveyLanguage.locale(contact: locale, survey: "de"), token: token)
      #expect(email.html().contains("lang=\"\(expected)\""))
    }
  }

  @Test func promotersAreShownTheReviewLinkOthersAreNot() throws {
    try withSurveyPages { app in
      var survey = try app.defaultSurvey
      survey.promoterLink = "https://reviews.example.org/acme?from=nps"
      try app.store.updateSurvey(survey, now: app.clock.now())
      for (score, shown) in [(9, true), (10, true), (8, false), (3, false)] {
        let (token, _, _) = try app.invite(email: "p\(score)@example.com")
        let page = try app.get("/s/\(token.text)/\(score)")
        _ = try app.post(
          "/s/\(token.text)",
          form: [("sig", try SurveyPageFixture.signature(in: page)), ("score", "\(score)")])
        let thanks = try app.get("/s/\(token.text)/thanks")
        #expect(thanks.text.contains("Thank you for your feedback!"))
        #expect(
          thanks.text.contains(
            "<a href=\"https://reviews.example.org/acme?from=nps\" rel=\"noopener noreferrer\">")
            == shown)
      }
    }
  }

  @Test func theScriptAndStylesheetAreServedFromThisSite() throws {
    try withSurveyPages { app in
      let script = try app.get("/assets/survey.js")
      #expect(script.status == .ok)
      #expect(script.headers["Content-Type"] == "text/javascript; charset=utf-8")
      #expect(script.text.contains("data-pick"))
      let style = try app.get("/assets/survey.css")
      #expect(style.headers["Content-Type"] == "text/css; charset=utf-8")
      #expect(style.text.contains("@media (max-width:480px)"))
    }
  }

  @Test func theLinksTheEmailUsesAreTheOnesThePagesAnswer() throws {
    try withSurveyPages { app in
      let (token, _, _) = try app.invite()
      let urls = SurveyLinks.scoreURLs(context: app.context, token: token)
      #expect(urls.count == 11)
      #expect(urls[7] == "https://nps.example.com/s/\(token.text)/7")
      #expect(
        SurveyLinks.unsubscribeURL(context: app.context, token: token)
          == "https://nps.example.com/u/\(token.text)")
      for url in urls {
        let path = String(url.dropFirst("https://nps.example.com".count))
        #expect(try app.get(path).status == .ok)
      }
      // The email built from them is accepted by SurveyEmail.
      let email = try SurveyEmail(
        companyName: "Acme", brandColour: .standard, locale: "en", scoreURLs: urls,
        unsubscribeURL: SurveyLinks.unsubscribeURL(context: app.context, token: token))
      #expect(email.html().contains(urls[10]))
    }
  }

  @Test func theTokenIsStoredOnlyAsItsSHA256() throws {
    // python3: hashlib.sha256(b"abcdefghijklmnopqrstuv").hexdigest()
    let token = try #require(SecretToken(received: "abcdefghijklmnopqrstuv"))
    #expect(
      token.hashBytes.map { String(format: "%02x", $0) }.joined()
        == "f69f9b70d1c9a5442258ca76f8b0a7a45fcb4e31c36141b6357ec591328b0624")
    let fresh = SecretToken.generate()
    #expect(fresh.text.count == 22)
    #expect(fresh.hashBytes != SecretToken.generate().hashBytes)
  }
}
