import Foundation
import HTTPServer
import NPSCore
import Storage
import StoreTesting
import Testing

@testable import SurveyService

/// The form: one response per invitation, changes audited, scores and comments checked.
@Suite struct FormAndValidationTests {
  @Test(arguments: StoreKind.allCases)
  func sendingAgainNeverMakesASecondResponseAndEachChangeIsAudited(kind: StoreKind) throws {
    try withSurveyPages(kind) { app in
      let (token, invitation, _) = try app.invite()
      let signature = try SurveyPageFixture.signature(in: try app.get("/s/\(token.text)"))
      let form = [("sig", signature), ("score", "7"), ("comment", "Good")]
      // Double click, refresh and a second tab: the same form three times.
      for _ in 0..<3 {
        #expect(try app.post("/s/\(token.text)", form: form).status == .seeOther)
      }
      #expect(try app.responseCount() == 1)
      #expect(try app.auditActions() == ["response.created"])
      app.clock.advance(by: 3600)
      _ = try app.post(
        "/s/\(token.text)", form: [("sig", signature), ("score", "10"), ("comment", "Good")])
      _ = try app.post(
        "/s/\(token.text)", form: [("sig", signature), ("score", "10"), ("comment", "")])
      #expect(try app.responseCount() == 1)
      let response = try #require(try app.store.response(invitationID: invitation.id))
      #expect(response.score.value == 10)
      #expect(response.comment == nil)
      #expect(response.respondedAt == SurveyPageFixture.start)
      #expect(response.updatedAt == SurveyPageFixture.start.addingTimeInterval(3600))
      #expect(
        try app.auditActions() == ["response.created", "response.changed", "response.changed"])
      let last = try #require(try app.store.auditLog(limit: 1).first)
      #expect(last.target == "response:\(response.id)")
      #expect(last.actor.hasPrefix("contact:"))
      let detail = try #require(
        try JSONSerialization.jsonObject(with: Data(last.detail.utf8)) as? [String: Any])
      #expect(detail["score"] as? Int == 10)
      #expect(detail["previous_score"] as? Int == 10)
      #expect(detail["previous_comment"] as? String == "Good")
      #expect(detail["comment"] == nil)
      #expect(detail["via"] as? String == "form")
    }
  }

  @Test(arguments: ["11", "-1", "7.5", "abc", "07", "+7", "1e1", "", " 7"])
  func scoresOutsideZeroToTenOrNotIntegersAreRefusedAndChangeNothing(score: String) throws {
    try withSurveyPages { app in
      let (token, invitation, _) = try app.invite()
      let signature = try SurveyPageFixture.signature(in: try app.get("/s/\(token.text)"))
      if !score.isEmpty && !score.hasPrefix(" ") {
        #expect(try app.get("/s/\(token.text)/\(score)").status == .unprocessableContent)
      }
      let form = try app.post("/s/\(token.text)", form: [("sig", signature), ("score", score)])
      #expect(form.status == .unprocessableContent)
      let pick = try app.post(
        "/s/\(token.text)/pick", form: [("sig", signature), ("score", score)])
      #expect(pick.status == .unprocessableContent)
      #expect(try app.store.response(invitationID: invitation.id) == nil)
      #expect(try app.touches(invitation).isEmpty)
      #expect(try app.auditActions() == [])
    }
  }

  @Test func everyScoreFromZeroToTenIsAccepted() throws {
    try withSurveyPages { app in
      let (token, invitation, _) = try app.invite()
      let signature = try SurveyPageFixture.signature(in: try app.get("/s/\(token.text)"))
      for score in 0...10 {
        #expect(try app.get("/s/\(token.text)/\(score)").status == .ok)
        _ = try app.post("/s/\(token.text)", form: [("sig", signature), ("score", "\(score)")])
        #expect(try app.store.response(invitationID: invitation.id)?.score.value == score)
      }
    }
  }

  @Test(arguments: StoreKind.allCases)
  func commentsKeepEveryCharacterAndCountCharactersNotBytes(kind: StoreKind) throws {
    try withSurveyPages(kind) { app in
      let (token, invitation, _) = try app.invite()
      let signature = try SurveyPageFixture.signature(in: try app.get("/s/\(token.text)"))
      // A family emoji is 1 character, 7 scalars, 25 UTF-8 bytes: 5,000 of them are 125,000
      // bytes and still within the limit.
      let family = "\u{1F469}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}"
      #expect(family.count == 1 && family.utf8.count == 25)
      let longest = String(repeating: family, count: 5000)
      var sent = try app.post(
        "/s/\(token.text)", form: [("sig", signature), ("score", "4"), ("comment", longest)])
      #expect(sent.status == .seeOther)
      #expect(try app.store.response(invitationID: invitation.id)?.comment == longest)

      let tooLong = String(repeating: "a", count: 5001)
      sent = try app.post(
        "/s/\(token.text)", form: [("sig", signature), ("score", "2"), ("comment", tooLong)])
      #expect(sent.status == .unprocessableContent)
      // The person's text is shown again, and nothing changed.
      #expect(sent.text.contains(tooLong))
      let kept = try #require(try app.store.response(invitationID: invitation.id))
      #expect(kept.score.value == 4 && kept.comment == longest)

      let mixed =
        "Zoë <b>&amp;</b> 'quoted' \"double\" \u{202E}reversed\u{202C} e\u{301} 日本語 \t tab\nline"
      sent = try app.post(
        "/s/\(token.text)", form: [("sig", signature), ("score", "8"), ("comment", mixed)])
      #expect(sent.status == .seeOther)
      #expect(try app.store.response(invitationID: invitation.id)?.comment == mixed)
      // The page shows it escaped, inside the comment box.
      let page = try app.get("/s/\(token.text)")
      #expect(
        page.text.contains("Zoë &lt;b&gt;&amp;amp;&lt;/b&gt; &#39;quoted&#39; &quot;double&quot;"))
      #expect(!page.text.contains("<b>&amp;</b>"))

      // Browsers send line breaks as CR LF: stored as the LF the person typed.
      _ = try app.post(
        "/s/\(token.text)",
        form: [("sig", signature), ("score", "8"), ("comment", "one\r\ntwo\r\n\r\nthree\rfour")])
      #expect(
        try app.store.response(invitationID: invitation.id)?.comment == "one\ntwo\n\nthree\rfour")

      sent = try app.post(
        "/s/\(token.text)", form: [("sig", signature), ("score", "8"), ("comment", "nul\u{0}")])
      #expect(sent.status == .unprocessableContent)
    }
  }

  @Test func aFormWithoutAValidSignatureIsRefused() throws {
    try withSurveyPages { app in
      let (token, invitation, _) = try app.invite()
      let (other, _, _) = try app.invite(email: "bo@example.com")
      let foreign = try SurveyPageFixture.signature(in: try app.get("/s/\(other.text)"))
      for sig in [nil, "", "00", foreign] {
        var form = [("score", "9"), ("comment", "x")]
        if let sig { form.append(("sig", sig)) }
        #expect(try app.post("/s/\(token.text)", form: form).status == .forbidden)
        #expect(try app.post("/s/\(token.text)/pick", form: form).status == .forbidden)
      }
      #expect(try app.store.response(invitationID: invitation.id) == nil)
      #expect(try app.touches(invitation).isEmpty)
    }
  }

  @Test func aClosedSurveyAnswers410AndTakesNothing() throws {
    try withSurveyPages { app in
      // Sent 30 days and 1 second ago; the default survey closes 30 days after sending.
      let (token, invitation, contact) = try app.invite(
        sentAt: SurveyPageFixture.start.addingTimeInterval(-30 * 86400 - 1))
      let page = try app.get("/s/\(token.text)/9")
      #expect(page.status == .gone)
      #expect(page.text.contains("This survey is closed."))
      #expect(try app.get("/s/\(token.text)").status == .gone)
      #expect(try app.post("/s/\(token.text)", form: [("score", "9")]).status == .gone)
      #expect(try app.post("/s/\(token.text)/pick", form: [("score", "9")]).status == .gone)
      #expect(try app.get("/s/\(token.text)/thanks").status == .gone)
      #expect(try app.store.response(invitationID: invitation.id) == nil)
      #expect(try app.touches(invitation).isEmpty)
      // Unsubscribing still works after the survey closed.
      #expect(
        try app.send(
          .post, "/u/\(token.text)",
          headers: ["Content-Type": "application/x-www-form-urlencoded"],
          body: Array("List-Unsubscribe=One-Click".utf8)
        ).status == .ok)
      #expect(try app.store.contact(id: contact.id)?.unsubscribedAt != nil)
    }
  }

  /// The thank-you page never claims an answer that is not there: without a response it
  /// leads to the form (and answers 410 once the survey closed, above).
  @Test func theThanksPageWithoutAnAnswerLeadsToTheForm() throws {
    try withSurveyPages { app in
      let (token, invitation, _) = try app.invite()
      let thanks = try app.get("/s/\(token.text)/thanks")
      #expect(thanks.status == .seeOther)
      #expect(thanks.headers["Location"] == "/s/\(token.text)")
      #expect(!thanks.text.contains("Your answer has been saved"))
      #expect(try app.store.response(invitationID: invitation.id) == nil)
      #expect(try app.touches(invitation).isEmpty)
    }
  }

  @Test func aSurveyStillOpenOneSecondBeforeItClosesTakesTheAnswer() throws {
    try withSurveyPages { app in
      let (token, invitation, _) = try app.invite(
        sentAt: SurveyPageFixture.start.addingTimeInterval(-30 * 86400 + 1))
      let page = try app.get("/s/\(token.text)/9")
      #expect(page.status == .ok)
      _ = try app.post(
        "/s/\(token.text)",
        form: [("sig", try SurveyPageFixture.signature(in: page)), ("score", "9")])
      #expect(try app.store.response(invitationID: invitation.id)?.score.value == 9)
    }
  }

  @Test func unknownMalformedAndCancelledTokensGetTheSame404Page() throws {
    try withSurveyPages { app in
      let contact = try app.store.upsertContact(
        ContactInput(email: "cy@example.com"), now: app.clock.now())
      let cancelledToken = SecretToken.generate()
      _ = try app.store.createInvitation(
        NewInvitation(
          surveyID: try app.defaultSurvey.id, contactID: contact.id,
          tokenHash: cancelledToken.hashBytes, sendAfter: app.clock.now()),
        now: app.clock.now())
      try app.store.cancelPendingInvitations(contactID: contact.id)
      let (real, _, _) = try app.invite()
      var tampered = Array(real.text)
      tampered[5] = tampered[5] == "A" ? "B" : "A"
      let tokens = [
        SecretToken.generate().text, "short", String(tampered), cancelledToken.text,
        String(repeating: "x", count: 300), "a%2Fb",
      ]
      var bodies = Set<[UInt8]>()
      for token in tokens {
        let response = try app.get("/s/\(token)/9")
        #expect(response.status == .notFound)
        bodies.insert(response.body)
        #expect(try app.post("/s/\(token)", form: [("score", "9")]).status == .notFound)
      }
      #expect(bodies.count == 1)
      #expect(try app.get("/u/\(SecretToken.generate().text)").status == .notFound)
      #expect(try app.responseCount() == 0)
    }
  }
}
