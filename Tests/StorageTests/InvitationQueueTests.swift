import Dispatch
import Foundation
import StoreTesting
import Synchronization
import Testing

@testable import Storage

@Suite struct InvitationQueueTests {
  /// Adds `count` contacts with one invitation each, due at `due`.
  static func schedule(_ count: Int, due: Date, in store: SQLStore, offset: Int = 0) throws
    -> [Invitation]
  {
    let survey = try #require(try store.survey(slug: "default"))
    return try (offset..<offset + count).map { index in
      let contact = try store.upsertContact(
        ContactInput(email: "person\(index)@example.com"), now: testNow)
      return try store.createInvitation(
        NewInvitation(
          surveyID: survey.id, contactID: contact.id, tokenHash: Array("token-\(index)".utf8),
          sendAfter: due), now: testNow)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func twoWorkersLeasingAtOnceNeverGetTheSameInvitation(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let invitations = try Self.schedule(60, due: testNow, in: store)
      let leased = Mutex<[String: [Int64]]>([:])
      let failures = Mutex<[String]>([])
      DispatchQueue.concurrentPerform(iterations: 4) { worker in
        let name = "worker-\(worker)"
        do {
          while true {
            let batch = try store.leaseDueInvitations(
              now: testNow, limit: 3, leaseFor: 300, worker: name)
            if batch.isEmpty { break }
            leased.withLock { $0[name, default: []] += batch.map(\.id) }
          }
        } catch {
          failures.withLock { $0.append("\(error)") }
        }
      }
      #expect(failures.withLock { $0 } == [])
      let all = leased.withLock { $0.values.flatMap { $0 } }
      #expect(all.count == 60)
      #expect(Set(all) == Set(invitations.map(\.id)))
    }
  }

  @Test(arguments: StoreKind.allCases)
  func anExpiredLeaseIsTakenAgainAndOnlyDueInvitationsAreLeased(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let due = try Self.schedule(1, due: testNow, in: store)[0]
      let survey = try #require(try store.survey(slug: "default"))
      let contact = try store.upsertContact(ContactInput(email: "later@example.com"), now: testNow)
      _ = try store.createInvitation(
        NewInvitation(
          surveyID: survey.id, contactID: contact.id, tokenHash: [1, 2, 3],
          sendAfter: testNow.addingTimeInterval(3600)), now: testNow)

      let first = try store.leaseDueInvitations(now: testNow, limit: 10, leaseFor: 60, worker: "a")
      #expect(first.map(\.id) == [due.id])
      #expect(first[0].attempts == 1)
      #expect(first[0].leaseOwner == "a")
      // While the lease runs, nobody else gets it.
      let during = try store.leaseDueInvitations(
        now: testNow.addingTimeInterval(59), limit: 10, leaseFor: 60, worker: "b")
      #expect(during.isEmpty)
      // Worker a crashed: the lease expires and b takes the job.
      let after = try store.leaseDueInvitations(
        now: testNow.addingTimeInterval(60), limit: 10, leaseFor: 60, worker: "b")
      #expect(after.map(\.id) == [due.id])
      #expect(after[0].attempts == 2)
      #expect(after[0].leaseOwner == "b")
    }
  }

  /// Worker a was slow, not dead: its lease expired and b leased the invitation. What a reports
  /// afterwards (a retry, a failure) must not take b's lease away nor undo b's send.
  @Test(arguments: StoreKind.allCases)
  func aWorkerWhoseLeaseExpiredCannotUndoTheNextWorkersSend(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let invitation = try Self.schedule(1, due: testNow, in: store)[0]
      _ = try store.leaseDueInvitations(now: testNow, limit: 10, leaseFor: 60, worker: "a")
      let taken = try store.leaseDueInvitations(
        now: testNow.addingTimeInterval(61), limit: 10, leaseFor: 60, worker: "b")
      #expect(taken.map(\.id) == [invitation.id])

      // a's temporary failure arrives while b holds the lease: b keeps it.
      let retried = try store.markInvitationRetry(
        id: invitation.id, error: "421 later", nextAttempt: testNow.addingTimeInterval(600),
        worker: "a")
      #expect(!retried)
      let held = try #require(try store.invitation(id: invitation.id))
      #expect(held.leaseOwner == "b")
      #expect(held.status == .scheduled)
      #expect(held.lastError == nil)

      // b sends; then a gives up: the invitation stays sent.
      try store.markInvitationSent(
        id: invitation.id, messageID: "<m@example.com>", at: testNow.addingTimeInterval(62))
      #expect(!(try store.markInvitationFailed(id: invitation.id, error: "550", worker: "a")))
      #expect(!(try store.markInvitationFailed(id: invitation.id, error: "550")))
      let sent = try #require(try store.invitation(id: invitation.id))
      #expect(sent.status == .sent)
      #expect(sent.messageID == "<m@example.com>")
      #expect(sent.lastError == nil)

      // The holder of the lease does change it; an unknown invitation is an error.
      let other = try Self.schedule(1, due: testNow, in: store, offset: 1)[0]
      _ = try store.leaseDueInvitations(now: testNow, limit: 10, leaseFor: 60, worker: "c")
      #expect(try store.markInvitationFailed(id: other.id, error: "550 no such user", worker: "c"))
      #expect(try store.invitation(id: other.id)?.status == .failed)
      #expect(throws: StorageError.self) {
        try store.markInvitationFailed(id: 999_999, error: "x", worker: "c")
      }
    }
  }

  @Test(arguments: StoreKind.allCases)
  func sendingRetriesFailuresAndThrottleQueries(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let invitations = try Self.schedule(3, due: testNow, in: store)
      let survey = try #require(try store.survey(slug: "default"))
      let (a, b, c) = (invitations[0], invitations[1], invitations[2])
      #expect(try store.hasPendingInvitation(contactID: a.contactID, surveyID: survey.id))
      _ = try store.leaseDueInvitations(now: testNow, limit: 10, leaseFor: 60, worker: "w")

      let sentAt = testNow.addingTimeInterval(5)
      try store.markInvitationSent(id: a.id, messageID: "<m1@example.com>", at: sentAt)
      try store.markInvitationRetry(
        id: b.id, error: "421 try later", nextAttempt: testNow.addingTimeInterval(600))
      try store.markInvitationFailed(id: c.id, error: "550 no such user")

      let storedA = try #require(try store.invitation(tokenHash: Array("token-0".utf8)))
      #expect(storedA.status == .sent)
      #expect(storedA.messageID == "<m1@example.com>")
      #expect(storedA.leaseOwner == nil)
      #expect(try store.lastInvitationSentAt(contactID: a.contactID) == sentAt)
      #expect(try store.lastInvitationSentAt(contactID: b.contactID) == nil)
      #expect(!(try store.hasPendingInvitation(contactID: a.contactID, surveyID: survey.id)))

      // The retry is not due before its time, and is due after.
      #expect(
        try store.leaseDueInvitations(
          now: testNow.addingTimeInterval(599), limit: 10, leaseFor: 60, worker: "w"
        ).isEmpty)
      let retried = try store.leaseDueInvitations(
        now: testNow.addingTimeInterval(600), limit: 10, leaseFor: 60, worker: "w")
      #expect(retried.map(\.id) == [b.id])
      #expect(retried[0].lastError == "421 try later")
      #expect(try store.invitation(id: c.id)?.status == .failed)

      // Cancelling pending invitations of b's contact.
      #expect(try store.cancelPendingInvitations(contactID: b.contactID) == 1)
      #expect(try store.invitation(id: b.id)?.status == .cancelled)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func remindersAreDueForUnansweredInvitationsAfterReminderDays(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let invitations = try Self.schedule(3, due: testNow, in: store)
      let survey = try #require(try store.survey(slug: "default"))  // reminder_days = 3
      for invitation in invitations {
        try store.markInvitationSent(id: invitation.id, messageID: "m\(invitation.id)", at: testNow)
      }
      // The second one was answered; the third one's contact unsubscribed.
      _ = try store.recordResponse(
        NewResponse(
          surveyID: survey.id, invitationID: invitations[1].id, score: try .init(9),
          respondedAt: testNow, source: .email), now: testNow)
      try store.unsubscribe(contactID: invitations[2].contactID, at: testNow)

      let threeDays: TimeInterval = 3 * 86400
      #expect(
        try store.leaseDueReminders(
          now: testNow.addingTimeInterval(threeDays - 1), limit: 10, leaseFor: 60, worker: "w"
        ).isEmpty)
      let due = try store.leaseDueReminders(
        now: testNow.addingTimeInterval(threeDays), limit: 10, leaseFor: 60, worker: "w")
      #expect(due.map(\.id) == [invitations[0].id])
      // Leased: not handed to a second worker.
      #expect(
        try store.leaseDueReminders(
          now: testNow.addingTimeInterval(threeDays), limit: 10, leaseFor: 60, worker: "v"
        ).isEmpty)
      try store.markReminderSent(
        invitationID: invitations[0].id, at: testNow.addingTimeInterval(threeDays))
      #expect(
        try store.leaseDueReminders(
          now: testNow.addingTimeInterval(10 * threeDays), limit: 10, leaseFor: 60, worker: "w"
        ).isEmpty)
    }
  }

  /// No reminder once the survey has closed for the invitation (default: 30 days after it was
  /// sent): its links would only show the closed page. A reminder due before closing is sent
  /// late by a worker that was down, as long as the survey is still open.
  @Test(arguments: StoreKind.allCases)
  func noReminderAfterTheSurveyClosed(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      var survey = try #require(try store.survey(slug: "default"))
      survey.reminderDays = 3
      survey.closeAfterDays = 30
      try store.updateSurvey(survey, now: testNow)
      let day: TimeInterval = 86400
      let invitations = try Self.schedule(3, due: testNow, in: store)
      // Sent 31, 29.5 and 2 days before `now`.
      let now = testNow.addingTimeInterval(31 * day)
      for (invitation, sent) in zip(invitations, [testNow, now - 29.5 * day, now - 2 * day]) {
        try store.markInvitationSent(id: invitation.id, messageID: "m\(invitation.id)", at: sent)
      }
      let due = try store.leaseDueReminders(now: now, limit: 10, leaseFor: 60, worker: "w")
      #expect(due.map(\.id) == [invitations[1].id])
      // A survey that reminds later than it closes never reminds.
      survey.reminderDays = 40
      try store.updateSurvey(survey, now: testNow)
      #expect(
        try store.leaseDueReminders(
          now: now.addingTimeInterval(120), limit: 10, leaseFor: 60, worker: "v"
        ).isEmpty)
    }
  }

  /// The reminder query reads the `invitations_remind` index, not every sent invitation.
  @Test func reminderQueryUsesItsIndex() throws {
    try withStore(.sqlite) { store, _ in
      let plan = try store.database.read { connection in
        try connection.query(
          """
          EXPLAIN QUERY PLAN SELECT i.id FROM invitations i INDEXED BY invitations_remind
          WHERE i.status = 'sent' AND i.reminder_sent_at IS NULL AND i.sent_at > 5
          ORDER BY i.sent_at, i.id
          """
        ).compactMap { $0.optionalString("detail") }
      }
      #expect(plan == ["SEARCH i USING INDEX invitations_remind (sent_at>?)"])
    }
  }

  @Test(arguments: StoreKind.allCases)
  func jobsAreLeasedOnceAndUniqueKeysDeduplicate(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let job = try #require(
        try store.enqueueJob(
          kind: "alert", payload: "{\"response\":1}", uniqueKey: "alert:1", runAfter: testNow,
          now: testNow))
      #expect(
        try store.enqueueJob(
          kind: "alert", payload: "{}", uniqueKey: "alert:1", runAfter: testNow, now: testNow)
          == nil)
      _ = try store.enqueueJob(
        kind: "digest", payload: "{}", uniqueKey: nil, runAfter: testNow, now: testNow)
      let alerts = try store.leaseDueJobs(
        now: testNow, limit: 10, leaseFor: 30, worker: "w", kinds: ["alert"])
      #expect(alerts.map(\.id) == [job.id])
      #expect(
        try store.leaseDueJobs(now: testNow, limit: 10, leaseFor: 30, worker: "v", kinds: ["alert"])
          .isEmpty)
      try store.completeJob(id: job.id, at: testNow)
      #expect(try store.job(id: job.id)?.status == .done)
      let others = try store.leaseDueJobs(
        now: testNow.addingTimeInterval(31), limit: 10, leaseFor: 30, worker: "v", kinds: nil)
      #expect(others.map(\.kind) == ["digest"])
    }
  }
}
