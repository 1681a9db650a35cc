import Foundation
import NPSCore
import StoreTesting
import Testing

@testable import Storage

@Suite struct ResponseTests {
  static func invitation(_ store: SQLStore, email: String = "r@example.com") throws -> Invitation {
    let survey = try #require(try store.survey(slug: "default"))
    let contact = try store.upsertContact(ContactInput(email: email), now: testNow)
    return try store.createInvitation(
      NewInvitation(
        surveyID: survey.id, contactID: contact.id, tokenHash: Array(email.utf8),
        sendAfter: testNow), now: testNow)
  }

  @Test(arguments: StoreKind.allCases)
  func anInvitationHasAtMostOneResponseAndAChangedScoreMovesItsCount(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let invitation = try Self.invitation(store)
      let day = instant("2024-06-01T00:00:00Z")..<instant("2024-06-02T00:00:00Z")
      let first = try store.recordResponse(
        NewResponse(
          surveyID: invitation.surveyID, invitationID: invitation.id,
          contactID: invitation.contactID, score: try Score(3),
          respondedAt: instant("2024-06-01T10:15:00Z"), source: .email,
          properties: ["agent": "Ana"]), now: testNow)
      #expect(
        try store.tallies(surveyID: invitation.surveyID, ranges: [day], segment: nil)
          == [Tally(detractors: 1)])

      // The same person clicks 10, then adds a comment: still one response.
      let second = try store.recordResponse(
        NewResponse(
          surveyID: invitation.surveyID, invitationID: invitation.id, score: try Score(10),
          comment: "Quick and kind", respondedAt: instant("2024-06-01T10:20:00Z"),
          source: .email), now: testNow)
      #expect(second.id == first.id)
      #expect(second.respondedAt == instant("2024-06-01T10:15:00Z"))
      #expect(second.properties == ["agent": "Ana"])
      #expect(try store.response(invitationID: invitation.id)?.comment == "Quick and kind")
      #expect(
        try store.tallies(surveyID: invitation.surveyID, ranges: [day], segment: nil)
          == [Tally(promoters: 1)])
      #expect(
        try store.tallies(
          surveyID: invitation.surveyID, ranges: [day],
          segment: SegmentFilter(name: "agent", value: "Ana")) == [Tally(promoters: 1)])

      // The database itself refuses a second row for the invitation.
      let error = try #require(throws: StorageError.self) {
        try store.database.write { connection in
          try connection.execute(
            """
            INSERT INTO responses (survey_id, invitation_id, score, responded_at, updated_at, source)
            VALUES (\(invitation.surveyID), \(invitation.id), \(5), \(0), \(0), 'email')
            """)
        }
      }
      #expect(error.code == .constraint)

      let updated = try store.updateResponse(
        id: first.id, score: try Score(8), comment: .some(nil), now: testNow)
      #expect(updated.comment == nil)
      #expect(
        try store.tallies(surveyID: invitation.surveyID, ranges: [day], segment: nil)
          == [Tally(passives: 1)])
      try store.deleteResponse(id: first.id)
      #expect(try store.response(id: first.id) == nil)
      #expect(
        try store.tallies(surveyID: invitation.surveyID, ranges: [day], segment: nil) == [Tally()])
    }
  }

  @Test(arguments: StoreKind.allCases)
  func importsKeepDatesAndPropertiesAndAreIdempotent(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let survey = try #require(try store.survey(slug: "default"))
      let rows = [
        NewResponse(
          surveyID: survey.id, externalID: "old-1", score: try Score(9), comment: "Great",
          respondedAt: instant("2021-03-04T05:06:07Z"), source: .email,
          properties: ["region": "EU", "plan": "pro"]),
        NewResponse(
          surveyID: survey.id, externalID: "old-2", score: try Score(2),
          respondedAt: instant("2021-03-05T00:00:00Z"), source: .email, properties: ["region": "US"]
        ),
      ]
      #expect(try store.importResponses(rows, now: testNow) == ImportSummary(inserted: 2))
      #expect(try store.importResponses(rows, now: testNow) == ImportSummary(replaced: 2))
      var corrected = rows
      corrected[1].score = try Score(7)
      #expect(try store.importResponses(corrected, now: testNow) == ImportSummary(replaced: 2))

      let all = try store.responses(ResponseQuery(surveyID: survey.id))
      #expect(all.count == 2)
      #expect(all.allSatisfy { $0.source == .import })
      let first = try #require(all.first { $0.externalID == "old-1" })
      #expect(first.respondedAt == instant("2021-03-04T05:06:07Z"))
      #expect(first.properties == ["region": "EU", "plan": "pro"])
      let march = instant("2021-03-01T00:00:00Z")..<instant("2021-04-01T00:00:00Z")
      #expect(
        try store.tallies(surveyID: survey.id, ranges: [march], segment: nil)
          == [Tally(promoters: 1, passives: 1)])
      #expect(
        try store.segmentTallies(surveyID: survey.id, range: march, segmentName: "region")
          == [
            SegmentTally(value: "EU", tally: Tally(promoters: 1)),
            SegmentTally(value: "US", tally: Tally(passives: 1)),
          ])
      #expect(try store.segmentNames(surveyID: survey.id) == ["plan", "region"])
      // An import sends nothing: no invitations, no jobs were created.
      #expect(
        try store.leaseDueJobs(now: testNow, limit: 10, leaseFor: 1, worker: "w", kinds: nil)
          .isEmpty)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func aRepeatedIDInOneImportKeepsTheLastRow(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let survey = try #require(try store.survey(slug: "default"))
      let at = instant("2022-01-10T10:00:00Z")
      let rows = [
        NewResponse(
          surveyID: survey.id, externalID: "x", score: try Score(0), respondedAt: at,
          source: .import, properties: ["team": "a"]),
        NewResponse(
          surveyID: survey.id, score: try Score(9), respondedAt: at, source: .import),
        NewResponse(
          surveyID: survey.id, externalID: "x", score: try Score(10), respondedAt: at,
          source: .import, properties: ["team": "b"]),
      ]
      #expect(
        try store.importResponses(rows, now: testNow) == ImportSummary(inserted: 2, replaced: 1))
      let day = instant("2022-01-10T00:00:00Z")..<instant("2022-01-11T00:00:00Z")
      #expect(
        try store.tallies(surveyID: survey.id, ranges: [day], segment: nil) == [Tally(promoters: 2)]
      )
      #expect(
        try store.segmentTallies(surveyID: survey.id, range: day, segmentName: "team")
          == [SegmentTally(value: "b", tally: Tally(promoters: 1))])
    }
  }

  @Test(arguments: StoreKind.allCases)
  func fullTextSearchFindsWholeWordsInComments(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let survey = try #require(try store.survey(slug: "default"))
      let comments = [
        (1, "The delivery was late and the box was damaged"),
        (9, "Fast delivery, friendly support"),
        (10, "Support answered in minutes"),
        (4, "Billing is confusing"),
      ]
      for (index, (score, comment)) in comments.enumerated() {
        _ = try store.recordResponse(
          NewResponse(
            surveyID: survey.id, externalID: "c\(index)", score: try Score(score),
            comment: comment, respondedAt: testNow.addingTimeInterval(Double(index)),
            source: .api, properties: ["team": index < 2 ? "logistics" : "care"]), now: testNow)
      }
      func search(_ text: String, category: Category? = nil, segment: SegmentFilter? = nil) throws
        -> [String]
      {
        try store.responses(
          ResponseQuery(
            surveyID: survey.id, category: category, segment: segment, search: text,
            withCommentOnly: true)
        ).compactMap(\.comment)
      }
      #expect(
        try search("delivery") == [
          "Fast delivery, friendly support", "The delivery was late and the box was damaged",
        ])
      #expect(try search("DELIVERY late") == ["The delivery was late and the box was damaged"])
      #expect(try search("delivery", category: .detractor) == [comments[0].1])
      #expect(
        try search("support", segment: SegmentFilter(name: "team", value: "care")) == [
          "Support answered in minutes"
        ])
      #expect(try search("\"; DROP TABLE responses; --") == [])
      #expect(try search("refund").isEmpty)
      // After a change of comment the old words no longer match.
      let billing = try #require(
        try store.responses(ResponseQuery(surveyID: survey.id, search: "billing")).first)
      _ = try store.updateResponse(
        id: billing.id, score: nil, comment: "Invoices are clear now", now: testNow)
      #expect(try search("billing").isEmpty)
      #expect(try search("invoices") == ["Invoices are clear now"])
      let detractors = try store.responses(
        ResponseQuery(surveyID: survey.id, category: .detractor))
      #expect(detractors.map(\.score.value) == [4, 1])
    }
  }
}
