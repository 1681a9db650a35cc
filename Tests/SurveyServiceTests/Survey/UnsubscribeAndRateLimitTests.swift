import Foundation
import HTTPServer
import NPSCore
import Storage
import StoreTesting
import Testing

@testable import SurveyService

@Suite struct UnsubscribeTests {
  @Test(arguments: StoreKind.allCases)
  func theConfirmPageUnsubscribesOnlyOnPostAndCancelsScheduledInvitations(kind: StoreKind)
    throws
  {
    try withSurveyPages(kind) { app in
      let (token, _, contact) = try app.invite()
      // A second invitation for the same person, scheduled for tomorrow.
      let later = try app.store.createInvitation(
        NewInvitation(
          surveyID: try app.defaultSurvey.id, contactID: contact.id,
          tokenHash: SecretToken.generate().hashBytes,
          sendAfter: app.clock.now().addingTimeInterval(86400)),
        now: app.clock.now())
      let page = try app.get("/u/\(token.text)")
      #expect(page.status == .ok)
      #expect(page.text.contains("<form method=\"post\" action=\"/u/\(token.text)\">"))
      #expect(try app.store.contact(id: contact.id)?.unsubscribedAt == nil)
      #expect(try app.store.invitation(id: later.id)?.status == .scheduled)

      app.clock.advance(by: 30)
      let done = try app.post(
        "/u/\(token.text)", form: [("sig", try SurveyPageFixture.signature(in: page))])
      #expect(done.status == .ok)
      #expect(done.text.contains("You have been unsubscribed"))
      #expect(
        try app.store.contact(id: contact.id)?.unsubscribedAt
          == SurveyPageFixture.start.addingTimeInterval(30))
      #expect(try app.store.invitation(id: later.id)?.status == .cancelled)
      #expect(try app.auditActions() == ["contact.unsubscribed"])
      // Again: still unsubscribed, from the first time, audited once.
      app.clock.advance(by: 30)
      _ = try app.post(
        "/u/\(token.text)", form: [("sig", try SurveyPageFixture.signature(in: page))])
      #expect(
        try app.store.contact(id: contact.id)?.unsubscribedAt
          == SurveyPageFixture.start.addingTimeInterval(30))
      #expect(try app.auditActions() == ["contact.unsubscribed"])
      #expect(try app.get("/u/\(token.text)").text.contains("You have been unsubscribed"))
    }
  }

  @Test(arguments: StoreKind.allCases)
  func rfc8058OneClickPostUnsubscribesWithoutCookieOrToken(kind: StoreKind) throws {
    try withSurveyPages(kind) { app in
      let (token, _, contact) = try app.invite()
      let response = try app.send(
        .post, "/u/\(token.text)",
        headers: ["Content-Type": "application/x-www-form-urlencoded"],
        body: Array("List-Unsubscribe=One-Click".utf8))
      #expect(response.status == .ok)
      #expect(try app.store.contact(id: contact.id)?.unsubscribedAt != nil)
      let entry = try #require(try app.store.auditLog(limit: 1).first)
      #expect(entry.detail.contains("\"via\":\"one-click\""))
    }
  }

  @Test func oneClickAsMultipartFormDataAlsoUnsubscribes() throws {
    try withSurveyPages { app in
      let (token, _, contact) = try app.invite()
      let body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--XyZ--\r\n"
      let response = try app.send(
        .post, "/u/\(token.text)",
        headers: ["Content-Type": "multipart/form-data; boundary=XyZ"], body: Array(body.utf8))
      #expect(response.status == .ok)
      #expect(try app.store.contact(id: contact.id)?.unsubscribedAt != nil)
    }
  }

  @Test(arguments: [
    ("application/x-www-form-urlencoded", ""),
    ("application/x-www-form-urlencoded", "List-Unsubscribe=Two-Clicks"),
    ("text/plain", "List-Unsubscribe=One-Click"),
    ("application/x-www-form-urlencoded", "sig=0123"),
  ])
  func aPostThatIsNeitherOneClickNorTheSignedFormUnsubscribesNobody(
    type: String, body: String
  ) throws {
    try withSurveyPages { app in
      let (token, _, contact) = try app.invite()
      let response = try app.send(
        .post, "/u/\(token.text)", headers: ["Content-Type": type], body: Array(body.utf8))
      #expect(response.status == .forbidden)
      #expect(try app.store.contact(id: contact.id)?.unsubscribedAt == nil)
    }
  }
}

@Suite struct RateLimitTests {
  @Test(arguments: StoreKind.allCases)
  func tokenLookupsArePerAddressFixedWindowsSharedThroughTheStore(kind: StoreKind) throws {
    let settings = SurveyPageSettings(rateLimit: 5, rateWindow: 60)
    try withSurveyPages(kind, settings: settings) { app in
      let (token, _, _) = try app.invite()
      // A second responder on the same store stands for a second server process.
      var router = Router()
      SurveyPageRoutes.register(in: &router, context: app.context, settings: settings)
      let other = router.buildResponder()
      app.clock.advance(by: 15)
      for index in 0..<5 {
        let response = try app.send(
          .get, "/s/\(token.text)/8", client: "203.0.113.9",
          responder: index.isMultiple(of: 2) ? nil : other)
        #expect(response.status == .ok)
      }
      let refused = try app.send(.get, "/s/\(token.text)/8", client: "203.0.113.9")
      #expect(refused.status == .tooManyRequests)
      // The window started at 08:00:00 and ends at 08:01:00; it is 08:00:15.
      #expect(refused.headers["Retry-After"] == "45")
      #expect(!refused.text.contains(token.text))
      // POSTs and unknown tokens count too; another address does not.
      #expect(
        try app.post("/s/\(token.text)", form: [("score", "1")], client: "203.0.113.9").status
          == .tooManyRequests)
      #expect(try app.get("/s/nonsense/1", client: "203.0.113.9").status == .tooManyRequests)
      #expect(try app.get("/s/\(token.text)/8", client: "203.0.113.10").status == .ok)
      // The next window starts afresh.
      app.clock.advance(by: 45)
      #expect(try app.get("/s/\(token.text)/8", client: "203.0.113.9").status == .ok)
    }
  }

  /// A mail provider sends the RFC 8058 one-click POSTs of all its users from one address:
  /// each with a valid token unsubscribes, past the address's limit too; unknown tokens still
  /// count and get the 429.
  @Test(arguments: StoreKind.allCases)
  func oneClickUnsubscribesFromASharedAddressAreNeverRefused(kind: StoreKind) throws {
    let settings = SurveyPageSettings(rateLimit: 3, rateWindow: 60)
    try withSurveyPages(kind, settings: settings) { app in
      let provider = "198.51.100.7"
      var contacts: [Int64] = []
      for index in 0..<6 {
        let (token, _, contact) = try app.invite(email: "person\(index)@example.com")
        contacts.append(contact.id)
        let response = try app.post(
          "/u/\(token.text)", form: [("List-Unsubscribe", "One-Click")], client: provider)
        #expect(response.status == .ok)
      }
      for id in contacts {
        #expect(try app.store.contact(id: id)?.unsubscribedAt != nil)
      }
      let misses = try (0..<4).map { index in
        try app.post(
          "/u/unknown\(index)", form: [("List-Unsubscribe", "One-Click")], client: provider
        ).status
      }
      #expect(misses == [.notFound, .notFound, .notFound, .tooManyRequests])
      // The survey pages keep their per-address limit.
      let (token, _, _) = try app.invite(email: "late@example.com")
      #expect(try app.get("/s/\(token.text)/9", client: provider).status == .tooManyRequests)
    }
  }

  @Test func theDefaultLimitLetsAPersonAndAScannerThrough() throws {
    try withSurveyPages { app in
      let (token, _, _) = try app.invite()
      for _ in 0..<3 {
        for score in 0...10 { #expect(try app.get("/s/\(token.text)/\(score)").status == .ok) }
      }
    }
  }

  @Test func settingsComeFromTheConfiguration() throws {
    let settings = SurveyPageSettings(
      tuning: try ServiceConfiguration.load(environment: [
        "NPS_SURVEY_RATE_LIMIT": "30/10", "NPS_SURVEY_QUIET_SECONDS": "5",
      ]).tuning)
    #expect(settings.rateLimit == 30 && settings.rateWindow == 10 && settings.quietWindow == 5)
    let off = SurveyPageSettings(
      tuning: try ServiceConfiguration.load(environment: ["NPS_SURVEY_RATE_LIMIT": "0"]).tuning)
    #expect(off.rateLimit == 0 && off.rateWindow == 60 && off.quietWindow == 20)
    #expect(SurveyPageSettings(tuning: TuningSettings()) == SurveyPageSettings())
  }
}
