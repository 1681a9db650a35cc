import Foundation
import Mail
import MailTesting
import NPSCore
import Storage
import StoreTesting
import Testing

@testable import SurveyService

/// The send worker against a real SMTP server on loopback (aiosmtpd): every message parsed by
/// Python's email package; suppression at send time; reminders; bounces; retries; outages.
@Suite(.serialized) struct WorkerTests {
  let start = SendingTest.start

  /// The token, computed independently with Python's hmac: base64url of the first 16 bytes of
  /// HMAC-SHA256(key = 32 bytes of 7, "invitation:ID:CREATED_MS"), no padding.
  static func pythonToken(id: Int64, createdAt: Date) throws -> String {
    let millis = Int64((createdAt.timeIntervalSince1970 * 1000).rounded())
    let script = """
      import hmac, hashlib, base64, sys
      mac = hmac.new(bytes([7]) * 32, b"invitation:\(id):\(millis)", hashlib.sha256).digest()[:16]
      print(base64.urlsafe_b64encode(mac).decode().rstrip("="))
      """
    let out = try runProcess("/usr/bin/python3", ["-c", script])
    return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  static func pythonSHA256(_ text: String) throws -> [UInt8] {
    let out = try runProcess(
      "/usr/bin/python3",
      ["-c", "import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode()).hexdigest())", text])
    let hex = Array(
      String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).utf8)
    return stride(from: 0, to: hex.count, by: 2).map {
      UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16)!
    }
  }

  @Test func everyMessageParsesWithItsHeadersPartsAndLinks() throws {
    let server = try SendingSMTPServer()
    try SendingTest.withContext(.sqlite, mail: try server.transport()) { context, _ in
      try SendingTest.configureDefault(context)
      _ = try Ingestor(context: context).ingest([
        SendingTest.input("zoe@example.com", "M-1", name: "Zoë Ærø", locale: "de-AT"),
        SendingTest.input("sam@example.com", "M-2", name: "Sam", locale: "fr"),
        SendingTest.input("kim@example.com", "M-3"),
      ])
      let worker = SendWorker(context: context, options: SendingTest.workerOptions)
      let pass = try worker.runOnce(now: start)
      #expect(pass.sent == 3)
      let mails = try server.received()
      #expect(mails.count == 3)
      for mail in mails {
        #expect(mail.defects.isEmpty)
        let address = try #require(mail.to.first?.last)
        let contact = try #require(try context.store.contact(email: address))
        let invitation = try #require(try context.store.invitations(contactID: contact.id).first)
        #expect(invitation.status == .sent)
        #expect(mail.messageId == invitation.messageID)
        let token = try Self.pythonToken(id: invitation.id, createdAt: invitation.createdAt)
        #expect(try Self.pythonSHA256(token) == invitation.tokenHash)
        let scores = (0...10).map { "https://nps.example.com/s/\(token)/\($0)" }
        let unsubscribe = "https://nps.example.com/u/\(token)"
        #expect(mail.textLinks == scores + [unsubscribe])
        #expect(Set(mail.htmlLinks) == Set(scores + [unsubscribe]))
        #expect(mail.listUnsubscribe == "<\(unsubscribe)>")
        #expect(mail.listUnsubscribePost == "List-Unsubscribe=One-Click")
        #expect(mail.partTypes.contains("text/plain") && mail.partTypes.contains("text/html"))
        #expect(mail.fromAddress == "surveys@nps.example.com")
        #expect(mail.fromName == "Zoë’s Café")
        switch address {
        case "zoe@example.com":
          #expect(mail.to.first?.first == "Zoë Ærø")
          #expect(mail.subject?.contains("Zoë’s Café") == true)
          #expect(mail.text?.contains("Zoë Ærø") == true)
          #expect(mail.subject?.lowercased().contains("empfehlen") == true)
        case "sam@example.com":
          #expect(mail.subject?.contains("recommandiez") == true)
        default:
          #expect(mail.subject == "How likely are you to recommend Zoë’s Café?")
        }
      }
    }
  }

  @Test(arguments: StoreKind.allCases)
  func unsubscribeOrBounceAfterSchedulingStopsTheSend(kind: StoreKind) throws {
    try SendingTest.withContext(kind) { context, _ in
      try SendingTest.configureDefault(context, delay: 60)
      let result = try Ingestor(context: context).ingest([
        SendingTest.input("quit@example.com", "S-1"), SendingTest.input("gone@example.com", "S-2"),
        SendingTest.input("stay@example.com", "S-3"),
      ])
      try context.store.unsubscribe(contactID: result.records[0].contact.id, at: start)
      try context.store.markBounced(contactID: result.records[1].contact.id, at: start)
      let worker = SendWorker(context: context, options: SendingTest.workerOptions)
      let pass = try worker.runOnce(now: start.addingTimeInterval(3600))
      #expect(pass.cancelled == 2)
      #expect(pass.sent == 1)
      let counts = try context.store.invitationCounts()
      #expect(counts[.cancelled] == 2 && counts[.sent] == 1)
      let outbox = URL(fileURLWithPath: context.configuration.dataDirectory)
      let files = try FileManager.default.contentsOfDirectory(atPath: outbox.path)
        .filter { $0.hasSuffix(".eml") }
      #expect(files.count == 1)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func oneReminderOnlyToNonRespondersStillSubscribed(kind: StoreKind) throws {
    try SendingTest.withContext(kind) { context, _ in
      try SendingTest.configureDefault(context, reminderDays: 3)
      let result = try Ingestor(context: context).ingest([
        SendingTest.input("answers@example.com", "R-1"),
        SendingTest.input("silent@example.com", "R-2"),
        SendingTest.input("leaves@example.com", "R-3"),
      ])
      let worker = SendWorker(context: context, options: SendingTest.workerOptions)
      #expect(try worker.runOnce(now: start).sent == 3)
      let answered = try #require(result.records[0].invitation)
      _ = try context.store.recordResponse(
        NewResponse(
          surveyID: answered.surveyID, invitationID: answered.id, contactID: answered.contactID,
          score: try Score(9), respondedAt: start.addingTimeInterval(60), source: .email),
        now: start.addingTimeInterval(60))
      try context.store.unsubscribe(
        contactID: result.records[2].contact.id, at: start.addingTimeInterval(120))
      // Not yet: 3 days minus a minute.
      #expect(try worker.runOnce(now: start.addingTimeInterval(3 * 86400 - 60)).reminders == 0)
      #expect(try worker.runOnce(now: start.addingTimeInterval(3 * 86400)).reminders == 1)
      #expect(try worker.runOnce(now: start.addingTimeInterval(10 * 86400)).reminders == 0)
      let silent = try #require(try context.store.invitation(id: result.records[1].invitation!.id))
      #expect(silent.reminderSentAt == start.addingTimeInterval(3 * 86400))
      let outbox = URL(fileURLWithPath: context.configuration.dataDirectory)
      let names = try FileManager.default.contentsOfDirectory(atPath: outbox.path)
      #expect(names.filter { $0.contains("reminder-") }.count == 1)
    }
  }

  /// A reminder due in the contact's quiet hours waits for their end, as the invitation did
  /// (it went out at once, at night in the contact's zone).
  @Test(arguments: StoreKind.allCases)
  func remindersWaitForTheEndOfQuietHoursInTheContactsZone(kind: StoreKind) throws {
    try SendingTest.withContext(kind) { context, _ in
      try SendingTest.configureDefault(context, quiet: (20 * 60, 8 * 60), reminderDays: 3)
      let hour: TimeInterval = 3600
      // 12:00Z is 21:00 in Tokyo: the invitation waits for 08:00 there (23:00Z).
      let result = try Ingestor(context: context).ingest([
        SendingTest.input("night@example.com", "Q-1", timeZone: "Asia/Tokyo")
      ])
      let invitation = try #require(result.records[0].invitation)
      #expect(invitation.sendAfter == start.addingTimeInterval(11 * hour))
      let worker = SendWorker(context: context, options: SendingTest.workerOptions)
      #expect(try worker.runOnce(now: start.addingTimeInterval(11 * hour)).sent == 1)
      // Four days later at 12:00Z (21:00 in Tokyo) the reminder is due, but quiet.
      let evening = start.addingTimeInterval(4 * 86400)
      let deferred = try worker.runOnce(now: evening)
      #expect(deferred.reminders == 0)
      #expect(deferred.remindersDeferred == 1)
      let morning = evening.addingTimeInterval(11 * hour)
      #expect(try worker.runOnce(now: morning.addingTimeInterval(-60)).reminders == 0)
      #expect(try worker.runOnce(now: morning).reminders == 1)
      let stored = try #require(try context.store.invitation(id: invitation.id))
      #expect(stored.reminderSentAt == morning)
    }
  }

  @Test func permanentRejectionBouncesTemporaryOneRetriesWithBackoff() throws {
    let server = try SendingSMTPServer()
    try SendingTest.withContext(.sqlite, mail: try server.transport()) { context, _ in
      try SendingTest.configureDefault(context)
      let result = try Ingestor(context: context).ingest([
        SendingTest.input("reject-me@example.com", "B-1"),
        SendingTest.input("tempfail-me@example.com", "B-2"),
      ])
      let worker = SendWorker(context: context, options: SendingTest.workerOptions)
      let first = try worker.runOnce(now: start)
      #expect(first.bounced == 1 && first.retried == 1)
      let bounced = try #require(try context.store.contact(id: result.records[0].contact.id))
      #expect(bounced.bouncedAt == start)
      let retrying = try #require(
        try context.store.invitation(id: result.records[1].invitation!.id))
      #expect(retrying.status == .scheduled)
      #expect(retrying.sendAfter == start.addingTimeInterval(60))
      // Backoff doubles: attempt 2 at +60 s waits 120 s, attempt 3 waits 240 s; the 4th fails.
      #expect(try worker.runOnce(now: start.addingTimeInterval(59)).leased == 0)
      #expect(try worker.runOnce(now: start.addingTimeInterval(60)).retried == 1)
      #expect(
        try context.store.invitation(id: retrying.id)?.sendAfter == start.addingTimeInterval(180))
      #expect(try worker.runOnce(now: start.addingTimeInterval(180)).retried == 1)
      #expect(
        try context.store.invitation(id: retrying.id)?.sendAfter == start.addingTimeInterval(420))
      #expect(try worker.runOnce(now: start.addingTimeInterval(420)).failed == 1)
      #expect(try context.store.invitation(id: retrying.id)?.status == .failed)
      #expect(server.messageCount == 0)
    }
  }

  @Test func mailServerDownThenUpDeliversEveryEmailOnce() throws {
    let server = try SendingSMTPServer()
    let transport = SendingSwitchableTransport(nil)
    try SendingTest.withContext(.sqlite, mail: transport) { context, _ in
      try SendingTest.configureDefault(context)
      _ = try Ingestor(context: context).ingest(
        (0..<40).map { SendingTest.input("p\($0)@example.com", "O-\($0)") })
      var options = SendingTest.workerOptions
      options.maxAttempts = 8
      let worker = SendWorker(context: context, options: options)
      // Down: two rounds of failures, each rescheduled with backoff.
      #expect(try worker.runOnce(now: start).retried == 40)
      #expect(try worker.runOnce(now: start.addingTimeInterval(60)).retried == 40)
      // Up again (a real SMTP server): everything goes at the next due time.
      transport.set(try server.transport())
      #expect(try worker.runOnce(now: start.addingTimeInterval(179)).leased == 0)
      #expect(try worker.runOnce(now: start.addingTimeInterval(180)).sent == 40)
      #expect(try worker.runOnce(now: start.addingTimeInterval(10_000)).leased == 0)
      let mails = try server.received()
      let ids = mails.compactMap(\.messageId)
      #expect(mails.count == 40)
      #expect(Set(ids).count == 40)
      let stored = Set(try context.store.invitations(limit: 100).compactMap(\.messageID))
      #expect(Set(ids) == stored)
    }
  }

  /// An invitation that cannot be rendered (a sender name with a line break, stored before
  /// settings were checked; a contact address the mail module refuses) fails with the reason,
  /// and the failure is logged at error naming the invitation and its survey, never the
  /// recipient's address: bad configuration fails every invitation and must be seen. Both the
  /// render-ahead and the in-line paths log it.
  @Test(arguments: [true, false]) func renderFailuresAreLoggedAtErrorWithoutTheAddress(
    renderAhead: Bool
  ) throws {
    let log = SendingLogLines()
    try SendingTest.withContext(.sqlite, logger: log.logger) { context, _ in
      try SendingTest.configureDefault(context)
      var survey = try #require(try context.store.survey(slug: "default"))
      survey.senderName = "Evil\nBcc: x@y.com"
      try context.store.updateSurvey(survey, now: start)
      _ = try Ingestor(context: context).ingest([SendingTest.input("ana@example.com", "R-1")])
      var options = SendingTest.workerOptions
      options.renderAhead = renderAhead
      let worker = SendWorker(context: context, options: options)
      #expect(try worker.runOnce(now: start).failed == 1)
      let ana = try #require(try context.store.contact(email: "ana@example.com"))
      let first = try #require(try context.store.invitations(contactID: ana.id).first)
      #expect(first.status == .failed)
      #expect(first.attempts == 1)
      let reason = "the display name header contains a line break or control character"
      #expect(first.lastError == "cannot render: " + reason)
      #expect(
        log.messages(at: .error) == [
          "invitation \(first.id) (survey default) failed, cannot render: \(reason)"
        ])
      // A contact address the mail module refuses (stored without the ingest checks).
      survey.senderName = "Acme"
      try context.store.updateSurvey(survey, now: start)
      _ = try Ingestor(context: context).ingest([SendingTest.input("bo..b@example.com", "R-2")])
      #expect(try worker.runOnce(now: start).failed == 1)
      let bob = try #require(try context.store.contact(email: "bo..b@example.com"))
      let second = try #require(try context.store.invitations(contactID: bob.id).first)
      #expect(second.status == .failed)
      #expect(second.lastError?.contains("bo..b@example.com") == true)
      #expect(
        log.messages(at: .error).last
          == "invitation \(second.id) (survey default) failed, cannot render: an email address "
          + "is invalid: local part must be dot-separated atoms (letters, digits, "
          + "!#$%&'*+-/=?^_`{|}~)")
      #expect(!log.all.contains("example.com"))
    }
  }

  /// Rendering ahead (chunks of 16 rendered on other threads while the previous chunk is
  /// sent) sends the same messages in the same order as rendering each before its send:
  /// 40 invitations, three chunks, every one sent once.
  @Test func renderingAheadSendsTheSameMessagesInTheSameOrder() throws {
    func recipients(renderAhead: Bool) throws -> [String] {
      let server = try SendingSMTPServer()
      var order: [String] = []
      try SendingTest.withContext(.sqlite, mail: try server.transport()) { context, _ in
        try SendingTest.configureDefault(context)
        _ = try Ingestor(context: context).ingest(
          (0..<40).map { SendingTest.input("r\($0)@example.com", "R-\($0)", name: "R \($0)") })
        var options = SendingTest.workerOptions
        options.renderAhead = renderAhead
        let pass = try SendWorker(context: context, options: options).runOnce(now: start)
        #expect(pass.sent == 40)
        let mails = try server.received()
        #expect(mails.count == 40)
        #expect(Set(mails.compactMap(\.messageId)).count == 40)
        for mail in mails { #expect(mail.defects.isEmpty) }
        order = try server.peers().map { String($0.split(separator: " ").last ?? "") }
      }
      return order
    }
    let ahead = try recipients(renderAhead: true)
    #expect(ahead.count == 40)
    #expect(Set(ahead).count == 40)
    #expect(ahead == (try recipients(renderAhead: false)))
  }

  @Test(arguments: StoreKind.allCases)
  func expiredLeaseIsResentWithTheSameMessageID(kind: StoreKind) throws {
    try SendingTest.withContext(kind) { context, _ in
      try SendingTest.configureDefault(context)
      let result = try Ingestor(context: context).ingest([SendingTest.input("a@example.com", "L")])
      let id = try #require(result.records[0].invitation?.id)
      // A worker leases it and dies (never marks it).
      let dead = try context.store.leaseDueInvitations(
        now: start, limit: 10, leaseFor: 30, worker: "dead")
      #expect(dead.map(\.id) == [id])
      let worker = SendWorker(context: context, options: SendingTest.workerOptions)
      #expect(try worker.runOnce(now: start.addingTimeInterval(29)).leased == 0)
      #expect(try worker.runOnce(now: start.addingTimeInterval(30)).sent == 1)
      // HMAC-SHA256(key, "message-id:invitation:ID") hex, first 16 digits, by python3.
      let script = """
        import hmac, hashlib
        print(hmac.new(bytes([7]) * 32, b"message-id:invitation:\(id)", hashlib.sha256).hexdigest()[:16])
        """
      let mac = String(
        decoding: try runProcess("/usr/bin/python3", ["-c", script]), as: UTF8.self
      ).trimmingCharacters(in: .whitespacesAndNewlines)
      #expect(
        try context.store.invitation(id: id)?.messageID
          == "<invitation-\(id).\(mac)@nps.example.com>")
    }
  }

  @Test func backgroundLoopSendsAndStops() throws {
    try SendingTest.withContext(.sqlite) { context, _ in
      try SendingTest.configureDefault(context)
      _ = try Ingestor(context: context).ingest([SendingTest.input("bg@example.com", "BG")])
      let worker = SendWorker(context: context, options: SendingTest.workerOptions)
      worker.start()
      let deadline = Date().addingTimeInterval(10)
      while try context.store.invitationCounts()[.sent] != 1, Date() < deadline {
        Thread.sleep(forTimeInterval: 0.02)
      }
      worker.stop()
      #expect(try context.store.invitationCounts()[.sent] == 1)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func twoWorkersShareTheQueueWithoutDuplicates(kind: StoreKind) throws {
    try SendingTest.withContext(kind) { context, _ in
      try SendingTest.configureDefault(context)
      _ = try Ingestor(context: context).ingest(
        (0..<120).map { SendingTest.input("w\($0)@example.com", "W-\($0)") })
      var options = SendingTest.workerOptions
      options.batchSize = 7
      let workers = [
        SendWorker(context: context, options: options, name: "one"),
        SendWorker(context: context, options: options, name: "two"),
      ]
      for worker in workers { worker.start() }
      let deadline = Date().addingTimeInterval(30)
      while try context.store.invitationCounts()[.sent] != 120, Date() < deadline {
        Thread.sleep(forTimeInterval: 0.02)
      }
      for worker in workers { worker.stop() }
      #expect(try context.store.invitationCounts()[.sent] == 120)
      let outbox = URL(fileURLWithPath: context.configuration.dataDirectory)
      let files = try FileManager.default.contentsOfDirectory(atPath: outbox.path)
        .filter { $0.hasSuffix(".eml") }
      #expect(files.count == 120)
      let owners = Set(try context.store.invitations(limit: 200).compactMap(\.messageID))
      #expect(owners.count == 120)
    }
  }
}
