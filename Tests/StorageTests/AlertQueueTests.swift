import Foundation
import NPSCore
import StoreTesting
import Testing

@testable import Storage

/// Events of recorded answers are queued as jobs in the answer's transaction; imports queue
/// nothing; delivery attempts are recorded with the job's new state.
@Suite struct AlertQueueTests {
  /// A contact with a sent invitation of `survey`.
  private func sentInvitation(_ store: SQLStore, survey: Survey, email: String) throws -> Invitation
  {
    let contact = try store.upsertContact(
      ContactInput(email: email, name: "Ana Silva", properties: ["plan": "pro"]), now: testNow)
    return try store.createInvitation(
      NewInvitation(
        surveyID: survey.id, contactID: contact.id, tokenHash: Array(email.utf8),
        sendAfter: testNow),
      now: testNow)
  }

  private func answer(_ invitation: Invitation, _ score: Int, comment: String?? = nil, at: Date)
    -> SurveyAnswer
  {
    SurveyAnswer(
      surveyID: invitation.surveyID, invitationID: invitation.id, contactID: invitation.contactID,
      score: Score(exactly: score)!, comment: comment, at: at, properties: ["plan": "pro"],
      via: "form")
  }

  /// (kind, event name, webhook id) of every pending alert job, oldest first.
  private func queued(_ store: SQLStore) throws -> [(String, String, Int64?)] {
    try store.jobs(kinds: AlertJobKind.all, limit: 1000).reversed().map { job in
      if job.kind == AlertJobKind.webhook {
        let payload = try AlertJSON.decode(WebhookJobPayload.self, from: job.payload)
        return (job.kind, payload.event.event.rawValue, payload.webhookID)
      }
      let payload = try AlertJSON.decode(AlertEmailJobPayload.self, from: job.payload)
      return (job.kind, payload.event.event.rawValue, nil)
    }
  }

  /// Alert payload times are the stored milliseconds, written with three digits, and read
  /// back to the same milliseconds (over 3,000 consecutive instants, where the calendar
  /// formatter wrote some a millisecond early).
  @Test func alertTimesAreTheStoredMilliseconds() throws {
    #expect(
      AlertJSON.timestamp(Date(millisecondsSince1970: 1_767_225_600_000))
        == "2026-01-01T00:00:00.000Z")
    #expect(
      AlertJSON.timestamp(Date(millisecondsSince1970: 1_767_225_622_001))
        == "2026-01-01T00:00:22.001Z")
    for milliseconds in Int64(1_767_225_622_000)..<1_767_225_625_000 {
      let text = AlertJSON.timestamp(Date(millisecondsSince1970: milliseconds))
      #expect(text.hasSuffix(String(format: ".%03dZ", Int(milliseconds % 1000))), "\(text)")
      #expect(AlertJSON.parse(text)?.millisecondsSince1970 == milliseconds, "\(text)")
    }
  }

  @Test(arguments: StoreKind.allCases)
  func answersQueueOneJobPerMatchingWebhookAndOneEmailPerNewDetractor(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      var survey = try #require(try store.survey(slug: "default"))
      survey.alertEmails = ["team@example.com", "lead@example.com"]
      try store.updateSurvey(survey, now: testNow)
      let other = try store.createSurvey(Survey(slug: "other", name: "Other"), now: testNow)
      let all = try store.createWebhook(
        url: "https://a.example/h", secret: "s1", events: AlertEventKind.allCases.map(\.rawValue),
        surveyID: nil, now: testNow)
      let detractorsOnly = try store.createWebhook(
        url: "https://b.example/h", secret: "s2", events: ["response.detractor"],
        surveyID: survey.id, now: testNow)
      _ = try store.createWebhook(
        url: "https://c.example/h", secret: "s3", events: ["response.detractor"],
        surveyID: other.id, now: testNow)
      let disabled = try store.createWebhook(
        url: "https://d.example/h", secret: "s4", events: ["response.detractor"],
        surveyID: nil, now: testNow)
      try store.setWebhookActive(id: disabled.id, active: false)
      #expect(try store.survey(id: survey.id)?.alertEmails == survey.alertEmails)
      #expect(try store.webhook(id: detractorsOnly.id)?.surveyID == survey.id)

      let invitation = try sentInvitation(store, survey: survey, email: "ana@example.com")
      var at = testNow
      // A first answer of 3: created (all), detractor (all, detractorsOnly), one email.
      _ = try store.saveSurveyAnswer(answer(invitation, 3, comment: .some("Slow"), at: at))
      var expected: [(String, String, Int64?)] = [
        ("webhook.deliver", "response.created", all.id),
        ("webhook.deliver", "response.detractor", all.id),
        ("webhook.deliver", "response.detractor", detractorsOnly.id),
        ("alert.email", "response.detractor", nil),
      ]
      #expect(try queued(store).map(\.0) == expected.map(\.0))
      #expect(try queued(store).map(\.1) == expected.map(\.1))
      #expect(try queued(store).map(\.2) == expected.map(\.2))
      // The same answer again changes nothing and queues nothing.
      _ = try store.saveSurveyAnswer(answer(invitation, 3, at: at))
      #expect(try queued(store).count == 4)
      // 3 → 5: still a detractor: only changed.
      at += 60
      _ = try store.saveSurveyAnswer(answer(invitation, 5, at: at))
      expected.append(("webhook.deliver", "response.changed", all.id))
      // 5 → 9, then 9 → 2: changed, then changed + detractor again with an email.
      at += 60
      _ = try store.saveSurveyAnswer(answer(invitation, 9, at: at))
      expected.append(("webhook.deliver", "response.changed", all.id))
      at += 60
      _ = try store.saveSurveyAnswer(answer(invitation, 2, at: at))
      expected += [
        ("webhook.deliver", "response.changed", all.id),
        ("webhook.deliver", "response.detractor", all.id),
        ("webhook.deliver", "response.detractor", detractorsOnly.id),
        ("alert.email", "response.detractor", nil),
      ]
      let jobs = try queued(store)
      #expect(jobs.map(\.1) == expected.map(\.1))
      #expect(jobs.map(\.2) == expected.map(\.2))

      // The payload: snapshot of the response, survey and contact.
      let last = try #require(try store.jobs(kinds: [AlertJobKind.email], limit: 1).first)
      let email = try AlertJSON.decode(AlertEmailJobPayload.self, from: last.payload)
      #expect(email.recipients == ["team@example.com", "lead@example.com"])
      #expect(email.event.response.score == 2)
      #expect(email.event.response.previousScore == 9)
      #expect(email.event.response.category == "detractor")
      #expect(email.event.response.comment == "Slow")
      #expect(email.event.response.properties == ["plan": "pro"])
      #expect(email.event.survey.slug == "default")
      #expect(email.event.contact?.email == "ana@example.com")
      #expect(email.event.contact?.name == "Ana Silva")
      #expect(email.event.id.hasPrefix("evt_"))
      #expect(last.status == .pending)

      // A passive first answer in the other survey: nothing listens to created there.
      let second = try sentInvitation(store, survey: other, email: "bo@example.com")
      let before = try queued(store).count
      _ = try store.saveSurveyAnswer(answer(second, 7, at: at))
      #expect(try queued(store).count == before + 1)
      #expect(try queued(store).last?.1 == "response.created")
      #expect(try queued(store).last?.2 == all.id)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func importsAndPlainRecordsQueueNothing(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      var survey = try #require(try store.survey(slug: "default"))
      survey.alertEmails = ["team@example.com"]
      try store.updateSurvey(survey, now: testNow)
      _ = try store.createWebhook(
        url: "https://a.example/h", secret: "s", events: AlertEventKind.allCases.map(\.rawValue),
        surveyID: nil, now: testNow)
      let rows = (0..<20).map { index in
        NewResponse(
          surveyID: survey.id, externalID: "x\(index)", score: Score(exactly: index % 11)!,
          respondedAt: testNow, source: .import)
      }
      #expect(try store.importResponses(rows, now: testNow).inserted == 20)
      #expect(try store.importResponses(rows, now: testNow).replaced == 20)
      #expect(try store.jobs(kinds: AlertJobKind.all, limit: 100).isEmpty)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func attemptsAreRecordedWithTheJobStateAndLeasedOnce(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let hook = try store.createWebhook(
        url: "https://a.example/h", secret: "s", events: ["response.created"], surveyID: nil,
        now: testNow)
      let survey = try #require(try store.survey(slug: "default"))
      let invitation = try sentInvitation(store, survey: survey, email: "ana@example.com")
      _ = try store.saveSurveyAnswer(answer(invitation, 8, at: testNow))
      let leased = try store.leaseDueJobs(
        now: testNow, limit: 10, leaseFor: 60, worker: "w1", kinds: AlertJobKind.all)
      #expect(leased.count == 1)
      // Leased: a second worker gets nothing until the lease expires.
      #expect(
        try store.leaseDueJobs(
          now: testNow + 59, limit: 10, leaseFor: 60, worker: "w2", kinds: AlertJobKind.all
        ).isEmpty)
      let job = leased[0]
      try store.recordDeliveryAttempt(
        job: job, webhookID: hook.id, event: "response.created", payload: "{}",
        responseStatus: 500, error: "HTTP 500", at: testNow,
        outcome: .retry(testNow + 30))
      var stored = try #require(try store.job(id: job.id))
      #expect(stored.status == .pending)
      #expect(stored.runAfter == testNow + 30)
      #expect(stored.leaseOwner == nil)
      #expect(stored.lastError == "HTTP 500")
      #expect(
        try store.leaseDueJobs(
          now: testNow + 29, limit: 10, leaseFor: 60, worker: "w2", kinds: AlertJobKind.all
        ).isEmpty)
      let again = try store.leaseDueJobs(
        now: testNow + 30, limit: 10, leaseFor: 60, worker: "w2", kinds: AlertJobKind.all)
      #expect(again.map(\.attempts) == [2])
      try store.recordDeliveryAttempt(
        job: again[0], webhookID: hook.id, event: "response.created", payload: "{}",
        responseStatus: 204, error: nil, at: testNow + 31, outcome: .done)
      stored = try #require(try store.job(id: job.id))
      #expect(stored.status == .done)
      #expect(stored.finishedAt == testNow + 31)
      let deliveries = try store.deliveries(webhookID: hook.id, limit: 10)
      #expect(deliveries.map(\.responseStatus) == [204, 500])
      #expect(deliveries.map(\.error) == [nil, "HTTP 500"])
      #expect(deliveries.map(\.jobID) == [job.id, job.id])

      // Postponing does not count as an attempt.
      _ = try store.enqueueJob(
        kind: AlertJobKind.email, payload: "{}", uniqueKey: nil, runAfter: testNow, now: testNow)
      let email = try #require(
        try store.leaseDueJobs(
          now: testNow, limit: 10, leaseFor: 60, worker: "w1", kinds: [AlertJobKind.email]
        ).first)
      #expect(email.attempts == 1)
      try store.postponeJob(id: email.id, until: testNow + 120)
      #expect(try store.job(id: email.id)?.attempts == 0)
      #expect(try store.job(id: email.id)?.runAfter == testNow + 120)
      // Removing a webhook removes its deliveries.
      try store.deleteWebhook(id: hook.id)
      #expect(try store.webhook(id: hook.id) == nil)
      #expect(try store.deliveries(webhookID: hook.id, limit: 10).isEmpty)
    }
  }
}
