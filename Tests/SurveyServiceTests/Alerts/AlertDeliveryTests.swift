import Foundation
import HTTPClient
import HTTPServer
import MailTesting
import NPSCore
import Storage
import StoreTesting
import Testing

@testable import SurveyService

/// Detractor alerts end to end: the survey form records the answer, the dispatcher POSTs
/// signed JSON to a real HTTP endpoint on loopback and emails the team through a real SMTP
/// server.
@Suite struct AlertDeliveryTests {
  /// A contact name stored before names were checked, holding a character the mail module
  /// refuses in a header (U+2028, U+0085), still gets the team's alert: the subject leaves those
  /// characters out (`MailHeaderText`, the mail module's own rule).
  @Test func aNameNoHeaderCanCarryIsLeftOutOfTheAlertSubject() throws {
    try AlertFixture.with(.sqlite) { app in
      var survey = try app.pages.defaultSurvey
      survey.alertEmails = ["team@example.com"]
      try app.store.updateSurvey(survey, now: app.clock.now())
      let (token, _, _) = try app.pages.invite(
        email: "ana@example.com", name: "Ana\u{2028}Silva\u{85}Bell")
      try app.answer(token, score: 2)
      app.clock.advance(by: 120)
      #expect(try app.dispatcher.runOnce(now: app.clock.now()).emailed == 1)
      let mails = try app.smtp.received()
      try #require(mails.count == 1)
      #expect(mails[0].defects.isEmpty)
      #expect(mails[0].subject == "Detractor: AnaSilvaBell gave 2")
    }
  }

  @Test(arguments: StoreKind.allCases)
  func aDetractorIsDeliveredSignedAndEmailedToTheTeam(kind: StoreKind) throws {
    let receiver = try WebhookReceiver()
    defer { receiver.stop() }
    try AlertFixture.with(kind) { app in
      var survey = try app.pages.defaultSurvey
      survey.alertEmails = ["team@example.com", "lead@example.com"]
      try app.store.updateSurvey(survey, now: app.clock.now())
      let hook = try Webhooks.add(
        store: app.store, url: receiver.url, events: [.responseCreated, .responseDetractor],
        surveySlug: nil, now: app.clock.now())
      let (token, invitation, contact) = try app.pages.invite(
        email: "ana@example.com", name: "Ana <Silva>", properties: ["plan": "pro & co"])
      let comment = "Too slow <b>bold</b> & \"quoted\"\nSecond line"
      try app.answer(token, score: 3, comment: comment)
      let response = try #require(try app.store.response(invitationID: invitation.id))

      let pass = try app.dispatcher.runOnce(now: app.clock.now())
      #expect(pass.delivered == 2)
      #expect(pass.postponed == 1)
      #expect(pass.emailed == 0)
      let requests = receiver.requests
      try #require(requests.count == 2)
      let timestamp = String(Int64(app.clock.now().timeIntervalSince1970))
      var events: [String] = []
      for request in requests {
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(request.headers["X-NPS-Timestamp"] == timestamp)
        let expected = try pythonSignature(
          secret: hook.secret, timestamp: timestamp, body: request.body)
        #expect(request.headers["X-NPS-Signature"] == expected)
        let json = try #require(
          try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        let event = try #require(json["event"] as? String)
        events.append(event)
        #expect(request.headers["X-NPS-Event"] == event)
        #expect(request.headers["X-NPS-Event-ID"] == json["id"] as? String)
        let body = try #require(json["response"] as? [String: Any])
        #expect(body["id"] as? Int == Int(response.id))
        #expect(body["score"] as? Int == 3)
        #expect(body["category"] as? String == "detractor")
        #expect(body["comment"] as? String == comment)
        #expect(body["properties"] as? [String: String] == ["plan": "pro & co"])
        #expect(body["responded_at"] as? String == "2027-01-15T08:00:00.000Z")
        let person = try #require(json["contact"] as? [String: Any])
        #expect(person["email"] as? String == "ana@example.com")
        #expect(person["id"] as? Int == Int(contact.id))
        #expect((json["survey"] as? [String: Any])?["slug"] as? String == "default")
      }
      #expect(Set(events) == ["response.created", "response.detractor"])
      let deliveries = try app.store.deliveries(webhookID: hook.id, limit: 10)
      #expect(deliveries.map(\.responseStatus) == [200, 200])
      #expect(deliveries.allSatisfy { $0.error == nil && $0.jobID != nil })
      // A tampered body does not verify.
      #expect(
        !WebhookSignature.verify(
          secret: hook.secret, timestamp: Int64(timestamp)!, body: requests[0].body + [32],
          signature: requests[0].headers["X-NPS-Signature"] ?? ""))

      // The email waits 120 s for a late comment, then goes to both addresses.
      // (It was put back until then, so it is not even leased before.)
      app.clock.advance(by: 119)
      #expect(try app.dispatcher.runOnce(now: app.clock.now()).leased == 0)
      #expect(app.smtp.messageCount == 0)
      app.clock.advance(by: 1)
      #expect(try app.dispatcher.runOnce(now: app.clock.now()).emailed == 1)
      #expect(try app.pendingAlertJobs().isEmpty)
      let mails = try app.smtp.received()
      try #require(mails.count == 1)
      let mail = mails[0]
      #expect(mail.defects.isEmpty)
      #expect(mail.subject == "Detractor: Ana <Silva> gave 3")
      #expect(Set(mail.to.map { $0[1] }) == ["team@example.com", "lead@example.com"])
      #expect(mail.partTypes.contains("text/plain") && mail.partTypes.contains("text/html"))
      let link = "https://nps.example.com/dashboard/responses/\(response.id)"
      let text = try #require(mail.text)
      #expect(text.contains(comment))
      #expect(text.contains("plan: pro & co"))
      #expect(text.contains("Ana <Silva> <ana@example.com> gave 3 out of 10"))
      // The time names its zone (the service's reporting zone).
      #expect(
        text.range(of: #"\(\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\)"#, options: .regularExpression)
          != nil, "\(text)")
      #expect(mail.textLinks.contains(link))
      let html = try #require(mail.html)
      #expect(html.contains("Too slow &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;"))
      #expect(html.contains("<strong>Ana &lt;Silva&gt;</strong>"))
      #expect(html.contains("pro &amp; co"))
      #expect(!html.contains("<b>bold"))
      #expect(mail.htmlLinks.contains(link))
      #expect(mail.headers["Auto-Submitted"] == ["auto-generated"])
    }
  }

  @Test(arguments: StoreKind.allCases)
  func aFailingEndpointIsRetriedWithBackoffThenDelivered(kind: StoreKind) throws {
    let receiver = try WebhookReceiver(statuses: [.internalServerError])
    defer { receiver.stop() }
    try AlertFixture.with(kind) { app in
      let hook = try Webhooks.add(
        store: app.store, url: receiver.url, events: [.responseDetractor], surveySlug: nil,
        now: app.clock.now())
      let (token, _, _) = try app.pages.invite()
      try app.answer(token, score: 0)
      let start = app.clock.now()
      var pass = try app.dispatcher.runOnce(now: start)
      #expect(pass.retried == 1)
      let job = try #require(try app.pendingAlertJobs().first)
      #expect(job.runAfter == start.addingTimeInterval(30))
      #expect(job.lastError == "HTTP 500: answer 500")
      // Not before the backoff.
      app.clock.advance(by: 29)
      #expect(try app.dispatcher.runOnce(now: app.clock.now()).leased == 0)
      app.clock.advance(by: 1)
      pass = try app.dispatcher.runOnce(now: app.clock.now())
      #expect(pass.delivered == 1)
      #expect(try app.store.job(id: job.id)?.status == .done)
      let deliveries = try app.store.deliveries(webhookID: hook.id, limit: 10)
      #expect(deliveries.map(\.responseStatus) == [200, 500])
      #expect(deliveries.map(\.attemptedAt) == [start.addingTimeInterval(30), start])
      // Both attempts sent the same event.
      let bodies = receiver.requests.map { String(decoding: $0.body, as: UTF8.self) }
      #expect(bodies.count == 2)
      #expect(bodies[0] == bodies[1])
    }
  }

  @Test(arguments: StoreKind.allCases)
  func aJobLeasedByAWorkerThatDiedIsDeliveredOnceItsLeaseExpires(kind: StoreKind) throws {
    let receiver = try WebhookReceiver()
    defer { receiver.stop() }
    try AlertFixture.with(kind) { app in
      let hook = try Webhooks.add(
        store: app.store, url: receiver.url, events: [.responseCreated], surveySlug: nil,
        now: app.clock.now())
      let (token, _, _) = try app.pages.invite()
      try app.answer(token, score: 8)
      // A worker leases the job and dies before delivering it.
      let start = app.clock.now()
      let taken = try app.store.leaseDueJobs(
        now: start, limit: 10, leaseFor: 120, worker: "dead", kinds: AlertJobKind.all)
      #expect(taken.count == 1)
      // While the lease runs, nobody else delivers it.
      app.clock.advance(by: 119)
      #expect(try app.dispatcher.runOnce(now: app.clock.now()).leased == 0)
      #expect(receiver.requests.isEmpty)
      app.clock.advance(by: 1)
      let pass = try app.dispatcher.runOnce(now: app.clock.now())
      #expect(pass.delivered == 1)
      #expect(receiver.requests.count == 1)
      #expect(try app.store.job(id: taken[0].id)?.attempts == 2)
      #expect(try app.store.deliveries(webhookID: hook.id, limit: 5).map(\.responseStatus) == [200])
    }
  }

  /// A removed webhook's queued events are not delivered, also not to a webhook added after
  /// it, whose own filters would not have chosen them (ids are never reused since migration
  /// 10; the job also checks that its webhook still exists).
  @Test(arguments: StoreKind.allCases)
  func aRemovedWebhooksEventsNeverReachTheNextWebhook(kind: StoreKind) throws {
    let receiver = try WebhookReceiver()
    defer { receiver.stop() }
    try AlertFixture.with(kind) { app in
      let old = try Webhooks.add(
        store: app.store, url: receiver.url + "/old", events: [.responseCreated],
        surveySlug: nil, now: app.clock.now())
      let (token, _, _) = try app.pages.invite()
      try app.answer(token, score: 9)
      let queued = try app.store.jobs(kinds: [AlertJobKind.webhook], limit: 10)
      #expect(queued.count == 1)
      try app.store.deleteWebhook(id: old.id)
      app.clock.advance(by: 1)
      let new = try Webhooks.add(
        store: app.store, url: receiver.url + "/new", events: [.responseDetractor],
        surveySlug: nil, now: app.clock.now())
      #expect(new.id == old.id + 1)
      let pass = try app.dispatcher.runOnce(now: app.clock.now())
      #expect(pass.delivered == 0)
      #expect(receiver.requests.isEmpty)
      let job = try #require(try app.store.job(id: queued[0].id))
      #expect(job.status == .done)
      #expect(job.lastError == "webhook removed or disabled")
    }
  }

  @Test func aSlowEndpointTimesOutAndIsRetried() throws {
    let receiver = try WebhookReceiver(delay: 2)
    defer { receiver.stop() }
    try AlertFixture.with(.sqlite, timeout: .milliseconds(500)) { app in
      let hook = try Webhooks.add(
        store: app.store, url: receiver.url, events: [.responseCreated], surveySlug: nil,
        now: app.clock.now())
      let (token, _, _) = try app.pages.invite()
      try app.answer(token, score: 9)
      let started = ContinuousClock.now
      #expect(try app.dispatcher.runOnce(now: app.clock.now()).retried == 1)
      #expect(ContinuousClock.now - started < .seconds(2))
      let delivery = try #require(try app.store.deliveries(webhookID: hook.id, limit: 1).first)
      #expect(delivery.responseStatus == nil)
      #expect(delivery.error?.hasPrefix("timeout:") == true)
    }
  }

  @Test func anUnreachableEndpointFailsAfterTheLastAttempt() throws {
    // A port nobody listens on: bind a server, note its port, stop it.
    let gone = try WebhookReceiver()
    let url = gone.url
    gone.stop()
    try AlertFixture.with(.sqlite, maxAttempts: 2) { app in
      let hook = try Webhooks.add(
        store: app.store, url: url, events: [.responseCreated], surveySlug: nil,
        now: app.clock.now())
      let (token, _, _) = try app.pages.invite()
      try app.answer(token, score: 9)
      #expect(try app.dispatcher.runOnce(now: app.clock.now()).retried == 1)
      app.clock.advance(by: 30)
      #expect(try app.dispatcher.runOnce(now: app.clock.now()).failed == 1)
      let deliveries = try app.store.deliveries(webhookID: hook.id, limit: 10)
      #expect(deliveries.count == 2)
      #expect(deliveries.allSatisfy { $0.responseStatus == nil })
      #expect(deliveries.allSatisfy { $0.error?.hasPrefix("connection:") == true })
      #expect(try app.store.jobs(kinds: AlertJobKind.all, limit: 5).first?.status == .failed)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func passivesPromotersAndAScannerSweepRaiseNoDetractorAlert(kind: StoreKind) throws {
    try AlertFixture.with(kind) { app in
      var survey = try app.pages.defaultSurvey
      survey.alertEmails = ["team@example.com"]
      try app.store.updateSurvey(survey, now: app.clock.now())
      _ = try Webhooks.add(
        store: app.store, url: "http://127.0.0.1:9/hook", events: [.responseDetractor],
        surveySlug: nil, now: app.clock.now())
      for (index, score) in [7, 8, 9, 10].enumerated() {
        let (token, _, _) = try app.pages.invite(email: "p\(index)@example.com")
        try app.answer(token, score: score, comment: "fine")
      }
      #expect(try app.pendingAlertJobs().isEmpty)

      // A scanner loads every score page and runs its script: every pick is discarded.
      let (token, invitation, _) = try app.pages.invite(email: "scanned@example.com")
      for score in 0...10 {
        let page = try app.pages.get("/s/\(token.text)/\(score)", client: "192.0.2.51")
        app.clock.advance(by: 0.1)
        _ = try app.pages.post(
          "/s/\(token.text)/pick",
          form: [("score", String(score)), ("sig", try SurveyPageFixture.signature(in: page))],
          client: "192.0.2.51")
      }
      app.clock.advance(by: 60)
      let confirmer = PickConfirmer(context: app.context, settings: SurveyPageSettings())
      #expect(try confirmer.run(now: app.clock.now()).discarded == 11)
      #expect(try app.store.response(invitationID: invitation.id) == nil)
      #expect(try app.pendingAlertJobs().isEmpty)

      // A person's single pick of 2, confirmed after the quiet window, does raise one.
      let (person, _, _) = try app.pages.invite(email: "person@example.com")
      let page = try app.pages.get("/s/\(person.text)/2")
      app.clock.advance(by: 1)
      _ = try app.pages.post(
        "/s/\(person.text)/pick",
        form: [("score", "2"), ("sig", try SurveyPageFixture.signature(in: page))])
      app.clock.advance(by: 25)
      #expect(try confirmer.run(now: app.clock.now()).confirmed == 1)
      #expect(
        try app.pendingAlertJobs().map(\.kind).sorted() == ["alert.email", "webhook.deliver"])
    }
  }

  @Test func aDetractorWhoChangesToAPromoterBeforeTheEmailIsNotReported() throws {
    try AlertFixture.with(.sqlite) { app in
      var survey = try app.pages.defaultSurvey
      survey.alertEmails = ["team@example.com"]
      try app.store.updateSurvey(survey, now: app.clock.now())
      let (token, _, _) = try app.pages.invite()
      try app.answer(token, score: 4)
      app.clock.advance(by: 30)
      try app.answer(token, score: 10, comment: "Sorry, misclicked")
      app.clock.advance(by: 120)
      let pass = try app.dispatcher.runOnce(now: app.clock.now())
      #expect(pass.skipped == 1)
      #expect(pass.emailed == 0)
      #expect(app.smtp.messageCount == 0)
    }
  }

  @Test func theHTTPClientRefusesOtherSchemesAndReportsRefusedConnections() throws {
    let client = CurlHTTPClient()
    #expect(throws: HTTPClientError.self) {
      try client.send(HTTPClientRequest(url: "file:///etc/passwd"))
    }
    do {
      _ = try client.send(HTTPClientRequest(url: "http://127.0.0.1:9/x", body: [1]))
      Issue.record("expected a connection error")
    } catch {
      #expect(error.kind == .connection)
    }
    #expect(throws: WebhookInputError.self) { try Webhooks.validateURL("ftp://example.com/x") }
    #expect(throws: WebhookInputError.self) { try Webhooks.validateURL("https:///nohost") }
    #expect(try Webhooks.validateURL(" https://example.com/h ") == "https://example.com/h")
    #expect(try AlertEmails.parse("A@X.com; b@y.org a@x.com") == ["a@x.com", "b@y.org"])
    #expect(throws: WebhookInputError.self) { try AlertEmails.parse("a@x.com, nope") }
    #expect(try AlertEmails.parse("off") == [])
  }
}
