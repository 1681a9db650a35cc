import Foundation
import NPSCore
import Storage
import StoreTesting
import Synchronization
import Testing

@testable import SurveyService

/// Ingest and eligibility: identity, idempotency, throttle, delay, quiet hours, sampling,
/// validation, all-or-nothing batches. Times come from a ManualClock, never from sleeping.
@Suite struct IngestTests {
  let start = SendingTest.start

  @Test(arguments: StoreKind.allCases)
  func contactsAreNormalisedAndInvitedOnce(kind: StoreKind) throws {
    try SendingTest.withContext(kind) { context, _ in
      try SendingTest.configureDefault(context)
      // ../shared/cases/contacts-identity.csv: two spellings of bob@example.com and one .org.
      let result = try Ingestor(context: context).ingest([
        SendingTest.input("bob@example.com", "T-1", name: "Bob"),
        SendingTest.input(" Bob@Example.COM ", "T-2", name: "Bob"),
        SendingTest.input("bob@example.org", "T-3", name: "Bob O"),
      ])
      #expect(try context.store.contactCount() == 2)
      #expect(result.invited == 2)
      #expect(result.records.map(\.decisions.first?.outcome) == ["invite", "skip", "invite"])
      #expect(result.records[1].decisions.first?.reason.hasPrefix("pending_invitation") == true)
      #expect(result.records[0].contact.id == result.records[1].contact.id)
      #expect(try context.store.invitationCounts()[.scheduled] == 2)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func repeatedExternalIDChangesNothing(kind: StoreKind) throws {
    try SendingTest.withContext(kind) { context, _ in
      try SendingTest.configureDefault(context)
      let ingestor = Ingestor(context: context)
      let first = try ingestor.ingest([SendingTest.input("ann@example.com", "X-1")])
      let again = try ingestor.ingest([SendingTest.input("ann@example.com", "X-1")])
      #expect(first.created == 1 && first.invited == 1)
      #expect(again.created == 0 && again.invited == 0)
      #expect(again.records[0].isNew == false)
      #expect(again.records[0].invitation?.id == first.records[0].invitation?.id)
      let interaction = try #require(try context.store.interaction(externalID: "X-1"))
      #expect(try context.store.decisions(interactionID: interaction.id).count == 1)
      #expect(try context.store.invitationCounts()[.scheduled] == 1)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func throttleCountsFromLastSentForAnySurvey(kind: StoreKind) throws {
    try SendingTest.withContext(kind) { context, clock in
      try SendingTest.configureDefault(context, throttleDays: 90)
      let other = try context.store.createSurvey(
        Survey(slug: "onboarding", name: "Onboarding", delayMinutes: 0), now: start)
      _ = other
      let ingestor = Ingestor(context: context)
      _ = try ingestor.ingest([SendingTest.input("ann@example.com", "A")])
      let worker = SendWorker(context: context, options: SendingTest.workerOptions)
      #expect(try worker.runOnce(now: start).sent == 1)
      // 89 days 23 hours later, another survey: still inside 90 days of the last send.
      clock.set(start.addingTimeInterval(90 * 86400 - 3600))
      var late = SendingTest.input("ann@example.com", "B", at: clock.now())
      late.survey = "onboarding"
      let throttled = try ingestor.ingest([late])
      #expect(throttled.invited == 0)
      #expect(throttled.records[0].decisions[0].reason.hasPrefix("throttled") == true)
      // Exactly 90 days after the send: allowed again.
      clock.set(start.addingTimeInterval(90 * 86400))
      let allowed = try ingestor.ingest([SendingTest.input("ann@example.com", "C", at: clock.now())]
      )
      #expect(allowed.invited == 1)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func delayPostponesTheSend(kind: StoreKind) throws {
    try SendingTest.withContext(kind) { context, _ in
      try SendingTest.configureDefault(context, delay: 60)
      let result = try Ingestor(context: context).ingest([SendingTest.input("ann@example.com", "D")]
      )
      let invitation = try #require(result.records[0].invitation)
      #expect(invitation.sendAfter == start.addingTimeInterval(3600))
      let worker = SendWorker(context: context, options: SendingTest.workerOptions)
      #expect(try worker.runOnce(now: start.addingTimeInterval(3599)).leased == 0)
      #expect(try worker.runOnce(now: start.addingTimeInterval(3600)).sent == 1)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func quietHoursInTheContactsZoneElseTheCompanys(kind: StoreKind) throws {
    try SendingTest.withContext(kind) { context, clock in
      try SendingTest.configureDefault(context, quiet: (20 * 60, 8 * 60))
      let ingestor = Ingestor(context: context)
      // 12:00Z is 07:00 in New York (EST, UTC-5 until 8 March 2026): quiet until 08:00 = 13:00Z.
      let newYork = try ingestor.ingest([
        SendingTest.input("ny@example.com", "Q1", timeZone: "America/New_York")
      ])
      #expect(newYork.records[0].invitation?.sendAfter == start.addingTimeInterval(3600))
      // No zone: the company's (Europe/Berlin, 13:00 CET): not quiet, sent at once.
      let berlin = try ingestor.ingest([SendingTest.input("be@example.com", "Q2")])
      #expect(berlin.records[0].invitation?.sendAfter == start)
      // 20:30Z is 21:30 in Berlin: quiet until 08:00 CET next day = 2026-03-03T07:00Z.
      clock.set(start.addingTimeInterval(8.5 * 3600))
      let evening = try ingestor.ingest([
        SendingTest.input("late@example.com", "Q3", at: clock.now())
      ])
      #expect(
        evening.records[0].invitation?.sendAfter
          == Date(timeIntervalSince1970: 1_772_521_200))
    }
  }

  @Test(arguments: StoreKind.allCases)
  func seededSamplingInvitesExactlyTheDrawnOnes(kind: StoreKind) throws {
    try SendingTest.withContext(kind) { context, _ in
      try SendingTest.configureDefault(context, sampleRate: 0.5)
      let ingestor = Ingestor(context: context, sampler: .seeded(42))
      let inputs = (0..<200).map { SendingTest.input("c\($0)@example.com", "S-\($0)") }
      let result = try ingestor.ingest(inputs)
      let invited = result.records.enumerated().filter { $0.element.invitation != nil }.map(
        \.offset)
      // SplitMix64(42), draw = (next >> 11) / 2^53 < 0.5, computed with python3: 95 of 200.
      #expect(invited.count == 95)
      #expect(Array(invited.prefix(10)) == [1, 2, 3, 4, 6, 8, 10, 11, 15, 16])
      let skipped = result.records.first { $0.invitation == nil }
      #expect(skipped?.decisions.first?.reason.hasPrefix("not_sampled") == true)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func invalidInputStoresNothingAndNamesEachField(kind: StoreKind) throws {
    try SendingTest.withContext(kind) { context, _ in
      let body = """
        [{"email": "ok@example.com", "external_id": "V-1"},
         {"email": "not-an-address", "external_id": "V-2", "time_zone": "Mars/Base",
          "occurred_at": "yesterday", "properties": {"agent": ["x"]}, "colour": 1},
         {"name": 3}]
        """
      let ingestor = Ingestor(context: context)
      let error = try #require(throws: IngestValidationError.self) {
        try ingestor.ingest(jsonBody: Array(body.utf8))
      }
      #expect(error.isBatch)
      #expect(error.items.keys.sorted() == [1, 2])
      let pointers = Set(error.problems.map(\.pointer))
      #expect(
        pointers == [
          "/1/email", "/1/time_zone", "/1/occurred_at", "/1/properties/agent", "/1/colour",
          "/2/name", "/2/email", "/2/external_id",
        ])
      #expect(try context.store.contactCount() == 0)
      // A field refused by its type gets that one reason, not also "is required".
      let typed = try #require(throws: IngestValidationError.self) {
        try ingestor.ingest(
          jsonBody: Array(#"{"email": "a@example.com", "external_id": ["x"]}"#.utf8))
      }
      #expect(typed.problems.map(\.detail) == ["must be a string"])
      #expect(typed.problems.map(\.pointer) == ["/external_id"])
    }
  }

  /// A batch object (`{"interactions": [...]}`) with other keys, or whose `interactions` is
  /// not an array of objects, is named as such, not read as one interaction missing fields.
  @Test(arguments: [
    (
      #"{"interactions": [{"email": "a@example.com", "external_id": "W-1"}], "extra": 1}"#,
      ["/extra"], "unknown field (a batch object holds only \"interactions\")"
    ),
    (#"{"interactions": 5}"#, ["/interactions"], "must be an array of interaction objects"),
    (
      #"{"interactions": [{"email": "a@example.com", "external_id": "W-1"}, 3]}"#,
      ["/interactions/1"], "expected an interaction object"
    ),
  ])
  func batchObjectShapeIsNamed(body: String, pointers: [String], detail: String) throws {
    try SendingTest.withContext(.sqlite) { context, _ in
      let error = try #require(throws: IngestValidationError.self) {
        try Ingestor(context: context).ingest(jsonBody: Array(body.utf8))
      }
      #expect(error.problems.map(\.pointer) == pointers)
      #expect(error.problems.map(\.detail) == [detail])
      #expect(try context.store.contactCount() == 0)
    }
  }

  /// Property values are stored as text that means what was sent: strings trimmed (so
  /// " Pro " and "Pro" are one segment, as in the imports), numbers with their digits.
  @Test func propertyValuesAreStoredAsTheirValue() throws {
    try SendingTest.withContext(.sqlite) { context, _ in
      let body = """
        {"email": "p@example.com", "external_id": "P-1", "properties": {
          "plan": " Pro ", "blank": "  ", "none": null, "big": 12345678901234567890123,
          "one": 1.0, "thousand": 1e3, "ratio": 0.1, "count": -7, "vip": true}}
        """
      _ = try Ingestor(context: context).ingest(jsonBody: Array(body.utf8))
      let stored = try #require(try context.store.interaction(externalID: "P-1"))
      #expect(
        stored.properties == [
          "plan": "Pro", "big": "12345678901234567890123", "one": "1", "thousand": "1000",
          "ratio": "0.1", "count": "-7", "vip": "true",
        ])
    }
  }

  /// Segment names and values are one line of text: control characters, NUL above all (which
  /// PostgreSQL cannot store), are refused by field.
  @Test func controlCharactersInPropertiesAreRefused() throws {
    try SendingTest.withContext(.sqlite) { context, _ in
      let body = #"""
        {"email": "c@example.com", "external_id": "C-1",
         "properties": {"team": "A\u0000B", "plan": "x\ny", "ok": "fine"}}
        """#
      let error = try #require(throws: IngestValidationError.self) {
        try Ingestor(context: context).ingest(jsonBody: Array(body.utf8))
      }
      #expect(Set(error.problems.map(\.pointer)) == ["/properties/team", "/properties/plan"])
      #expect(Set(error.problems.map(\.detail)) == ["must not contain control characters"])
      #expect(try context.store.contactCount() == 0)
    }
  }

  /// One 422 names every problem of a batch, unknown surveys included (they were named only
  /// once the other fields were right).
  @Test func unknownSurveysAreNamedWithTheOtherProblems() throws {
    try SendingTest.withContext(.sqlite) { context, _ in
      let body = """
        [{"email": "ok@example.com", "external_id": "S-0"},
         {"email": "bad", "external_id": "S-1"},
         {"email": "c@example.com", "external_id": "S-2", "survey": "zzz"},
         {"email": "bad", "external_id": "S-3", "survey": "zzz"},
         {"email": "e@example.com", "external_id": "S-4", "survey": "Not A Slug"}]
        """
      let error = try #require(throws: IngestValidationError.self) {
        try Ingestor(context: context).ingest(jsonBody: Array(body.utf8))
      }
      #expect(error.items.keys.sorted() == [1, 2, 3, 4])
      #expect(error.items[1]?.map(\.pointer) == ["/email"])
      #expect(error.items[2]?.map(\.detail) == ["no survey \"zzz\""])
      #expect(error.items[3]?.map(\.pointer) == ["/email", "/survey"])
      #expect(error.items[4]?.map(\.pointer) == ["/survey"])
      #expect(try context.store.contactCount() == 0)
    }
  }

  /// Zone names Foundation takes but IANA does not have (`BST` is Bangladesh to ICU, `GMT+5`
  /// is UTC+5 to Foundation and UTC-5 as IANA's `Etc/GMT+5`) are refused, not stored.
  @Test(arguments: ["BST", "GMT+5", "UTC-03:30"])
  func nonIANATimeZonesAreRefused(name: String) throws {
    try SendingTest.withContext(.sqlite) { context, _ in
      let body = #"{"email": "z@example.com", "external_id": "Z-1", "time_zone": "\#(name)"}"#
      let error = try #require(throws: IngestValidationError.self) {
        try Ingestor(context: context).ingest(jsonBody: Array(body.utf8))
      }
      #expect(error.problems.map(\.pointer) == ["/time_zone"])
      #expect(error.problems.first?.detail.contains("Etc/GMT-5") == true)
      #expect(try context.store.contactCount() == 0)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func unknownSurveyRejectsTheWholeBatch(kind: StoreKind) throws {
    try SendingTest.withContext(kind) { context, _ throws in
      var bad = SendingTest.input("b@example.com", "U-2")
      bad.survey = "nope"
      #expect(throws: IngestValidationError.self) {
        try Ingestor(context: context).ingest([SendingTest.input("a@example.com", "U-1"), bad])
      }
      #expect(try context.store.contactCount() == 0)
      #expect(try context.store.interaction(externalID: "U-1") == nil)
    }
  }
}

/// Group commit: concurrent requests share transactions and still get their own records.
@Suite struct GroupCommitTests {
  @Test(arguments: StoreKind.allCases)
  func concurrentRequestsGetTheirOwnRecords(kind: StoreKind) throws {
    try SendingTest.withContext(kind) { context, _ in
      try SendingTest.configureDefault(context)
      let ingestor = Ingestor(context: context)
      let failures = Mutex(0)
      DispatchQueue.concurrentPerform(iterations: 8) { thread in
        for request in 0..<40 {
          // Every thread also sends "shared-N": exactly one of the eight creates it.
          let inputs = [
            SendingTest.input("t\(thread)-\(request)@example.com", "G-\(thread)-\(request)"),
            SendingTest.input("shared\(request)@example.com", "shared-\(request)"),
          ]
          do {
            let result = try ingestor.ingest(inputs)
            if result.records.map(\.interaction.externalID) != inputs.map(\.externalID)
              || result.records[0].isNew == false
            {
              failures.withLock { $0 += 1 }
            }
          } catch {
            failures.withLock { $0 += 1 }
          }
        }
      }
      #expect(failures.withLock { $0 } == 0)
      #expect(try context.store.contactCount() == 8 * 40 + 40)
      #expect(try context.store.invitationCounts()[.scheduled] == 8 * 40 + 40)
      for request in 0..<40 {
        let shared = try #require(try context.store.interaction(externalID: "shared-\(request)"))
        #expect(try context.store.decisions(interactionID: shared.id).count == 1)
      }
    }
  }
}
