import Foundation
import StoreTesting
import Testing

@testable import Storage

@Suite struct ContactTests {
  /// /work/shared/cases/contacts-identity.csv: three rows, two people (the first two emails
  /// differ only by white space and case).
  static let identityCases = [
    ("bob@example.com", "Bob"), (" Bob@Example.COM ", "Bob"), ("bob@example.org", "Bob O"),
  ]

  @Test(arguments: StoreKind.allCases)
  func emailsAreTrimmedAndCaseFoldedIntoOnePerson(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      var ids: [Int64] = []
      for (email, name) in Self.identityCases {
        ids.append(try store.upsertContact(ContactInput(email: email, name: name), now: testNow).id)
      }
      #expect(ids[0] == ids[1])
      #expect(ids[0] != ids[2])
      #expect(try store.contactCount() == 2)
      let bob = try #require(try store.contact(email: "BOB@example.com  "))
      #expect(bob.email == "bob@example.com")
      #expect(bob.id == ids[0])
    }
  }

  @Test(arguments: StoreKind.allCases)
  func upsertKeepsKnownFieldsAndMergesProperties(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let first = try store.upsertContact(
        ContactInput(
          email: "ana@example.com", name: "Ana", timeZone: "Europe/Lisbon",
          properties: ["plan": "pro", "country": "PT"]), now: testNow)
      let later = testNow.addingTimeInterval(60)
      let second = try store.upsertContact(
        ContactInput(email: "ANA@example.com", properties: ["plan": "team"]), now: later)
      #expect(second.id == first.id)
      #expect(second.name == "Ana")
      #expect(second.timeZone == "Europe/Lisbon")
      #expect(second.properties == ["plan": "team", "country": "PT"])
      #expect(second.createdAt == testNow)
      #expect(second.updatedAt == later)

      try store.unsubscribe(contactID: first.id, at: later)
      try store.markBounced(contactID: first.id, at: later)
      let stored = try #require(try store.contact(id: first.id))
      #expect(stored.unsubscribedAt == later)
      #expect(stored.bouncedAt == later)
      #expect(throws: StorageError.self) { try store.unsubscribe(contactID: 9999, at: later) }
    }
  }

  @Test(arguments: StoreKind.allCases)
  func interactionsAreIdempotentOnExternalID(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let contact = try store.upsertContact(ContactInput(email: "c@example.com"), now: testNow)
      let interaction = Interaction(
        externalID: "T-1", contactID: contact.id, kind: "ticket", channel: "email",
        occurredAt: instant("2024-05-31T09:30:00Z"), properties: ["agent": "Ana"],
        createdAt: testNow)
      let first = try store.recordInteraction(interaction)
      #expect(first.isNew)
      var repeated = interaction
      repeated.properties = ["agent": "Someone else"]
      let second = try store.recordInteraction(repeated)
      #expect(!second.isNew)
      #expect(second.interaction.id == first.interaction.id)
      #expect(second.interaction.properties == ["agent": "Ana"])
      #expect(second.interaction.occurredAt == instant("2024-05-31T09:30:00Z"))

      let survey = try #require(try store.survey(slug: "default"))
      try store.logDecision(
        EligibilityDecision(
          interactionID: first.interaction.id, surveyID: survey.id, contactID: contact.id,
          outcome: "skipped", reason: "throttled", decidedAt: testNow))
      let decisions = try store.decisions(interactionID: first.interaction.id)
      #expect(decisions.map(\.reason) == ["throttled"])
    }
  }

  /// A repeated external id changes nothing: not the contact it names (another email, a new
  /// name, locale or time zone), and no contact is added for a different email.
  @Test(arguments: StoreKind.allCases)
  func aRepeatedIngestLeavesEveryContactAsItWas(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let survey = try #require(try store.survey(slug: "default"))
      func item(_ email: String, name: String?, locale: String? = nil, zone: String? = nil)
        -> IngestItem
      {
        IngestItem(
          contact: ContactInput(email: email, name: name, locale: locale, timeZone: zone),
          interaction: Interaction(
            externalID: "E1", contactID: 0, occurredAt: instant("2024-05-31T09:30:00Z"),
            createdAt: testNow),
          surveyID: survey.id)
      }
      func ingest(_ item: IngestItem) throws -> IngestRecord {
        try #require(
          try store.ingest(
            [item], now: testNow, decide: { _, _, _ in .skip(.notSampled(rate: 0.5)) },
            tokenHash: { id, _ in Array("token-\(id)".utf8) }
          ).first)
      }
      let first = try ingest(item("orig@example.com", name: "Original"))
      #expect(first.isNew)
      let typo = try ingest(item("typo@example.com", name: "Typo"))
      let renamed = try ingest(
        item("orig@example.com", name: "Renamed", locale: "nl", zone: "Asia/Tokyo"))
      for repeated in [typo, renamed] {
        #expect(!repeated.isNew)
        #expect(repeated.interaction.id == first.interaction.id)
        #expect(repeated.contact == first.contact)
        #expect(repeated.decisions.map(\.reason) == first.decisions.map(\.reason))
      }
      #expect(try store.contactCount() == 1)
      #expect(try store.contact(email: "typo@example.com") == nil)
      let stored = try #require(try store.contact(email: "orig@example.com"))
      #expect(stored.name == "Original")
      #expect(stored.locale == nil)
      #expect(stored.timeZone == nil)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func surveysCanBeCreatedUpdatedAndListed(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      var survey = try store.createSurvey(
        Survey(slug: "onboarding", name: "Onboarding", quietStartMinute: 1260, quietEndMinute: 480),
        now: testNow)
      #expect(survey.id > 0)
      #expect(survey.quietStartMinute == 1260)
      survey.sampleRate = 0.25
      survey.brandColor = "#ff0000"
      survey.promoterLink = "https://example.com/review"
      try store.updateSurvey(survey, now: testNow)
      let stored = try #require(try store.survey(slug: "onboarding"))
      #expect(stored.sampleRate == 0.25)
      #expect(stored.brandColor == "#ff0000")
      #expect(stored.promoterLink == "https://example.com/review")
      #expect(try store.surveys().map(\.slug) == ["default", "onboarding"])
      let duplicate = try #require(throws: StorageError.self) {
        _ = try store.createSurvey(Survey(slug: "onboarding", name: "Again"), now: testNow)
      }
      #expect(duplicate.code == .constraint)
    }
  }
}

/// The byte-wise normalisation of ASCII emails gives what Foundation's trimming and folding
/// give, and other emails still take Foundation's way.
@Suite struct EmailNormalizationTests {
  @Test func asciiEmailsNormalizeAsFoundationDoes() {
    var emails = [
      " Bob@Example.COM ", "\tALICE@x.org\r\n", "\u{0B}\u{0C}a@b\u{0B}", "", "   ",
      "Mixed.Case+Tag@Sub.Example.Com", "@", "ZZ@AA", "a b@c d",
    ]
    // Every ASCII byte, alone and inside, at both ends.
    for byte in UInt8(0)..<0x80 {
      let character = String(decoding: [byte], as: UTF8.self)
      emails.append(character)
      emails.append(character + "Ab@Cd" + character)
      emails.append("x" + character + "Y")
    }
    for email in emails {
      #expect(Contact.asciiNormalizedEmail(email) == Contact.foldedEmail(email), "\(email)")
    }
    #expect(Contact.normalizedEmail(" Bob@Example.COM ") == "bob@example.com")
  }

  @Test func otherEmailsAreFoldedByFoundation() {
    for email in ["Ünïcode@Example.com", "\u{00A0}nbsp@x.org\u{2003}", "ß@straße.de"] {
      #expect(Contact.asciiNormalizedEmail(email) == nil)
      #expect(Contact.normalizedEmail(email) == Contact.foldedEmail(email))
    }
    #expect(Contact.normalizedEmail("\u{00A0}Ann@X.org\u{2003}") == "ann@x.org")
  }
}
