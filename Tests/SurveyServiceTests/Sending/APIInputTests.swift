import Foundation
import HTTPServer
import NPSCore
import Storage
import StoreTesting
import Testing

@testable import SurveyService

/// What `POST /api/v1/interactions` makes of odd input: times outside the allowed range, text
/// that is not valid Unicode, a byte-order mark; and the milliseconds of the times it answers.
@Suite struct APIInputTests {
  static func post(_ client: APITests.Client, bytes: [UInt8]) throws -> Response {
    let request = try Request(
      method: .post, target: "/api/v1/interactions",
      headers: ["Content-Type": "application/json", "Authorization": "Bearer \(client.key)"],
      body: bytes)
    return client.responder.response(for: request)
  }

  /// The problems of a 422 answer as (pointer, detail).
  static func problems(_ response: Response) throws -> [(String, String)] {
    #expect(response.status.code == 422)
    #expect(response.headers["Content-Type"] == "application/problem+json")
    let errors = try #require(try APITests.json(response)["errors"] as? [[String: Any]])
    return errors.map { ($0["pointer"] as? String ?? "", $0["detail"] as? String ?? "") }
  }

  /// Numbers that used to stop the server (Int64 overflow when stored) and times that would
  /// schedule an invitation for a far year, refused with the value quoted back; nothing stored.
  /// The clock reads 2026-03-02T12:00:00Z.
  @Test(arguments: StoreKind.allCases)
  func occurredAtOutsideTheAllowedRangeIsRefused(kind: StoreKind) throws {
    let future = "must not be more than 1 day in the future"
    let past = "must not be before 1970-01-01T00:00:00Z"
    let cases: [(String, String)] = [
      ("1e20", "\(future) (got 1e+20)"),
      ("9.3e15", "\(future) (got 9.3e+15)"),
      ("-1e16", "\(past) (got -1e+16)"),
      ("1e15", "\(future) (got 1000000000000000)"),
      (
        "1767225600123",
        "\(future) (got 1767225600123); Unix times are seconds, not milliseconds"
      ),
      ("-1", "\(past) (got -1)"),
      (#""9999-12-31T23:59:59Z""#, "\(future) (got 9999-12-31T23:59:59Z)"),
      (#""2026-03-03T12:00:00.001Z""#, "\(future) (got 2026-03-03T12:00:00.001Z)"),
      (#""1969-12-31T23:59:59Z""#, "\(past) (got 1969-12-31T23:59:59Z)"),
    ]
    try APITests.withAPI(kind) { context, client in
      for (value, detail) in cases {
        let response = try client.post(
          #"{"email": "far@example.com", "external_id": "F", "occurred_at": \#(value)}"#)
        let problems = try Self.problems(response)
        #expect(problems.map(\.0) == ["/occurred_at"], "\(value)")
        #expect(problems.map(\.1) == [detail], "\(value)")
      }
      #expect(try context.store.contactCount() == 0)
      // In a batch the item is named; the others are not stored either.
      let batch = try client.post(
        #"[{"email": "a@example.com", "external_id": "B-0"}, "#
          + #"{"email": "b@example.com", "external_id": "B-1", "occurred_at": 1e20}]"#)
      #expect(try Self.problems(batch).map(\.0) == ["/1/occurred_at"])
      #expect(try context.store.contactCount() == 0)
      // The edges: exactly one day ahead, and the first instant of 1970, are taken.
      let edge = try client.post(
        #"[{"email": "a@example.com", "external_id": "E-0", "occurred_at": 1772539200}, "#
          + #"{"email": "b@example.com", "external_id": "E-1", "occurred_at": "#
          + #""1970-01-01T00:00:00Z"}]"#)
      #expect(edge.status.code == 202, "\(String(decoding: edge.body, as: UTF8.self))")
      let stored = try #require(try context.store.interaction(externalID: "E-0"))
      #expect(stored.occurredAt == Date(timeIntervalSince1970: 1_772_539_200))
      #expect(
        try context.store.interaction(externalID: "E-1")?.occurredAt
          == Date(timeIntervalSince1970: 0))
    }
  }

  /// The same rule holds for what `nps import interactions` builds from a CSV row (an instant
  /// its date parser read) and for any other clock reading.
  @Test func theRuleIsTheSharedValidators() {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    func detail(_ moment: InteractionFields.Moment) -> [String] {
      var fields = InteractionFields()
      fields.email = "a@example.com"
      fields.externalID = "X"
      fields.occurredAt = moment
      guard case .invalid(let problems) = fields.check(now: now) else { return [] }
      return problems.map(\.description)
    }
    #expect(
      detail(.instant(Date(timeIntervalSince1970: 253_402_300_799)))
        == ["/occurred_at: must not be more than 1 day in the future (got 9999-12-31T23:59:59Z)"])
    #expect(
      detail(.instant(Date(timeIntervalSince1970: 1e20)))
        == ["/occurred_at: must not be more than 1 day in the future (got 1e+20 Unix seconds)"])
    #expect(
      detail(.instant(Date(timeIntervalSince1970: -0.5)))
        == ["/occurred_at: must not be before 1970-01-01T00:00:00Z (got 1969-12-31T23:59:59.500Z)"])
    #expect(detail(.instant(now.addingTimeInterval(86_400))).isEmpty)
    #expect(detail(.seconds(1_800_086_400)).isEmpty)
    #expect(detail(.seconds(1_800_086_400.001)).count == 1)
  }

  /// Text the decoder cannot read is named for what it is, not "must be a string".
  @Test(arguments: StoreKind.allCases)
  func unreadableTextIsNamedForWhatIsWrong(kind: StoreKind) throws {
    let surrogate =
      "contains an unpaired UTF-16 surrogate (a \\ud800-\\udfff escape without its pair)"
    try APITests.withAPI(kind) { context, client in
      let lone = try client.post(#"{"email": "a@example.com", "external_id": "\ud800"}"#)
      #expect(try Self.problems(lone).map(\.1) == [surrogate])
      #expect(try Self.problems(lone).map(\.0) == ["/external_id"])
      let low = try client.post(
        #"{"email": "a@example.com", "external_id": "U", "name": "\udc00"}"#)
      #expect(try Self.problems(low).map { "\($0.0) \($0.1)" } == ["/name \(surrogate)"])
      let unpaired = try client.post(
        #"{"email": "a@example.com", "external_id": "U", "properties": {"team": "\ud83dx"}}"#)
      #expect(
        try Self.problems(unpaired).map { "\($0.0) \($0.1)" } == ["/properties/team \(surrogate)"])
      let bytes =
        Array(#"{"email": "a@example.com", "external_id": "U", "name": "Zo"#.utf8) + [0xEB]
        + Array(#"", "occurred_at": "2026-03-01T10:00:00Z"#.utf8) + [0xFF] + Array(#""}"#.utf8)
      let latin1 = try Self.post(client, bytes: bytes)
      #expect(
        try Self.problems(latin1).map { "\($0.0) \($0.1)" }
          == ["/name is not valid UTF-8 text", "/occurred_at is not valid UTF-8 text"])
      let escape = try client.post(#"{"email": "a@example.com", "external_id": "\x"}"#)
      #expect(
        try Self.problems(escape).map(\.1) == ["contains an invalid escape sequence"])
      // A number where text belongs is still just that.
      let number = try client.post(#"{"email": "a@example.com", "external_id": "U", "name": 5}"#)
      #expect(try Self.problems(number).map(\.1) == ["must be a string"])
      // A valid pair is text like any other.
      let pair = try client.post(#"{"email": "a@example.com", "external_id": "\ud83d\ude00"}"#)
      #expect(pair.status.code == 202)
      #expect(try context.store.interaction(externalID: "\u{1F600}") != nil)
      #expect(try context.store.contactCount() == 1)
    }
  }

  /// Some clients put a UTF-8 byte-order mark before the JSON: it is skipped.
  @Test(arguments: StoreKind.allCases)
  func aByteOrderMarkIsSkipped(kind: StoreKind) throws {
    try APITests.withAPI(kind) { context, client in
      let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
      let single = try Self.post(
        client, bytes: mark + Array(#"{"email": "a@example.com", "external_id": "M-1"}"#.utf8))
      #expect(single.status.code == 202)
      let batch = try Self.post(
        client,
        bytes: mark + Array(#" [{"email": "b@example.com", "external_id": "M-2"}]"#.utf8))
      #expect(batch.status.code == 202)
      #expect(try APITests.json(batch)["created"] as? Int == 1)
      #expect(try context.store.interaction(externalID: "M-1") != nil)
      #expect(try context.store.interaction(externalID: "M-2") != nil)
    }
  }

  /// Times in the answers are the stored milliseconds, never one less: the decision's time,
  /// the time in its reason and the invitation's send time agree, and the interaction reads
  /// back as sent. Each instant's Double is just below its millisecond.
  @Test(arguments: StoreKind.allCases)
  func answeredTimesAreTheStoredMilliseconds(kind: StoreKind) throws {
    for milliseconds: Int64 in [1_767_225_622_338, 1_767_225_622_001, 1_772_452_800_007] {
      let now = Date(millisecondsSince1970: milliseconds)
      let text = ISO8601Instant.string(now, alwaysMilliseconds: true)
      try SendingTest.withContext(kind, clock: ManualClock(now)) { context, _ in
        try SendingTest.configureDefault(context)
        var router = Router()
        APIRoutes.register(in: &router, context: context, options: APIRoutes.Options())
        let key = try APIKeys.create(store: context.store, name: "t", scope: .admin, now: now).key
        let client = APITests.Client(responder: router.buildResponder(), key: key)
        let occurred = ISO8601Instant.string(
          Date(millisecondsSince1970: milliseconds - 1_000), alwaysMilliseconds: true)
        let reply = try APITests.json(
          try client.post(
            #"{"email": "t@example.com", "external_id": "T", "occurred_at": "\#(occurred)"}"#))
        let item = try #require((reply["items"] as? [[String: Any]])?.first)
        let decision = try #require((item["decisions"] as? [[String: Any]])?.first)
        #expect(decision["decided_at"] as? String == text)
        #expect(decision["reason"] as? String == "scheduled for \(text)")
        #expect((item["invitation"] as? [String: Any])?["send_after"] as? String == text)
        let read = try APITests.json(try client.get("/api/v1/interactions/T", key: key))
        #expect(read["occurred_at"] as? String == occurred)
        let stored = try #require(try context.store.interaction(externalID: "T"))
        #expect(stored.occurredAt.millisecondsSince1970 == milliseconds - 1_000)
      }
    }
  }
}

/// A contact's name becomes the display name of the invitation's `To` header: a name the mail
/// module cannot write there is refused at the door (422, nothing stored) instead of failing
/// every email to the contact later.
@Suite struct APINameTests {
  @Test(arguments: StoreKind.allCases) func namesNoEmailHeaderCanCarryAreRefused(kind: StoreKind)
    throws
  {
    try APITests.withAPI(kind) { context, client in
      for escaped in [#"Ana\u2028Bell"#, #"Ana\u2029Bell"#, #"Ana\nBell"#, #"Ana\u0085Bell"#] {
        let response = try client.post(
          #"{"email": "ana@example.com", "external_id": "N-1", "name": ""#
            + escaped + #""}"#)
        let problems = try APIInputTests.problems(response)
        #expect(problems.map(\.0) == ["/name"], "\(escaped)")
        #expect(problems.map(\.1).allSatisfy { $0.contains("control characters") }, "\(escaped)")
      }
      #expect(try context.store.contactCount() == 0)
      let good = try client.post(
        #"{"email": "ana@example.com", "external_id": "N-2", "name": "Ana Bell\u00e9"}"#)
      #expect(good.status.code == 202)
      #expect(try context.store.contact(email: "ana@example.com")?.name == "Ana Bellé")
    }
  }

  /// The same check as the API's, for every way in (the API, `nps import interactions`,
  /// `nps invite`): `InteractionFields`.
  @Test func theFieldsCheckNamesAsTheMailModuleDoes() {
    for name in ["Ana\u{2028}Bell", "Ana\u{2029}Bell", "Ana\u{85}Bell", "Ana\u{7F}Bell"] {
      var fields = InteractionFields()
      fields.email = "ana@example.com"
      fields.externalID = "X"
      fields.name = name
      guard case .invalid(let problems) = fields.check(now: Date()) else {
        Issue.record("accepted \(name.unicodeScalars.map(\.value))")
        continue
      }
      #expect(problems.map(\.pointer) == ["/name"])
    }
  }
}
