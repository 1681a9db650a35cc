import Foundation
import NPSCore
import StoreTesting
import Testing

@testable import Storage

@Suite struct ReportTests {
  struct Sample {
    var at: Date
    var score: Int
    var agent: String
  }

  /// Responses every 7-97 minutes from 2024-02-25 to 2024-04-15 UTC (around the US DST change of
  /// 2024-03-10), seeded so the test repeats.
  static func samples() -> [Sample] {
    var random = SeededGenerator(seed: 42)
    var at = instant("2024-02-25T00:00:00Z")
    let end = instant("2024-04-15T00:00:00Z")
    var result: [Sample] = []
    while at < end {
      result.append(
        Sample(
          at: at, score: Int.random(in: 0...10, using: &random),
          agent: ["Ana", "Bo", "Cy"].randomElement(using: &random)!))
      at = at.addingTimeInterval(
        Double(Int.random(in: 7...97, using: &random) * 60 + Int.random(in: 0...59, using: &random))
      )
    }
    return result
  }

  /// The expected tally, counted directly from the samples.
  static func expected(_ samples: [Sample], _ range: Range<Date>, agent: String? = nil) -> Tally {
    var tally = Tally()
    for sample in samples where range.contains(sample.at) && (agent == nil || sample.agent == agent)
    {
      tally.add(Category(scoreValue: sample.score))
    }
    return tally
  }

  /// Consecutive day ranges in a time zone, from Foundation's calendar (independent of Storage).
  static func days(from start: String, count: Int, zone: String) -> [Range<Date>] {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: zone)!
    let parts = start.split(separator: "-").map { Int($0)! }
    var day = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))!
    var result: [Range<Date>] = []
    for _ in 0..<count {
      let next = calendar.date(byAdding: .day, value: 1, to: day)!
      result.append(day..<next)
      day = next
    }
    return result
  }

  /// ISO weeks (Monday 00:00 to Monday 00:00) in a time zone.
  static func isoWeeks(from mondayText: String, count: Int, zone: String) -> [Range<Date>] {
    let days = days(from: mondayText, count: count * 7, zone: zone)
    return (0..<count).map { days[$0 * 7].lowerBound..<days[$0 * 7 + 6].upperBound }
  }

  static func load(_ samples: [Sample], into store: SQLStore) throws -> Int64 {
    let survey = try #require(try store.survey(slug: "default"))
    let rows = try samples.enumerated().map { index, sample in
      NewResponse(
        surveyID: survey.id, externalID: "s\(index)", score: try Score(sample.score),
        respondedAt: sample.at, source: .import, properties: ["agent": sample.agent])
    }
    _ = try store.importResponses(rows, now: testNow)
    return survey.id
  }

  @Test(arguments: StoreKind.allCases)
  func daysAndWeeksInNewYorkAcrossTheDSTChange(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let samples = Self.samples()
      let surveyID = try Self.load(samples, into: store)
      let zone = "America/New_York"
      let days = Self.days(from: "2024-03-08", count: 5, zone: zone)
      // The DST day is 23 hours long.
      #expect(days[2].upperBound.timeIntervalSince(days[2].lowerBound) == 23 * 3600)
      #expect(
        try store.tallies(surveyID: surveyID, ranges: days, segment: nil)
          == days.map { Self.expected(samples, $0) })
      let weeks = Self.isoWeeks(from: "2024-02-26", count: 6, zone: zone)
      #expect(
        try store.tallies(surveyID: surveyID, ranges: weeks, segment: nil)
          == weeks.map { Self.expected(samples, $0) })
      let ana = SegmentFilter(name: "agent", value: "Ana")
      #expect(
        try store.tallies(surveyID: surveyID, ranges: weeks, segment: ana)
          == weeks.map { Self.expected(samples, $0, agent: "Ana") })
      // The hand-checked total: every sample lies in [2024-02-25, 2024-04-15).
      let all = instant("2024-02-01T00:00:00Z")..<instant("2024-05-01T00:00:00Z")
      #expect(
        try store.tallies(surveyID: surveyID, ranges: [all], segment: nil)[0].n == samples.count)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func halfHourZonesAndArbitraryBoundariesCountTheEdgesFromRows(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let samples = Self.samples()
      let surveyID = try Self.load(samples, into: store)
      let days = Self.days(from: "2024-03-01", count: 10, zone: "Asia/Kolkata")
      // Kolkata days start at 18:30 UTC: not on a whole UTC hour.
      #expect(days[0].lowerBound == instant("2024-02-29T18:30:00Z"))
      #expect(
        try store.tallies(surveyID: surveyID, ranges: days, segment: nil)
          == days.map { Self.expected(samples, $0) })
      let weeks = Self.isoWeeks(from: "2024-03-04", count: 4, zone: "Asia/Kathmandu")  // +5:45
      #expect(
        try store.tallies(surveyID: surveyID, ranges: weeks, segment: nil)
          == weeks.map { Self.expected(samples, $0) })

      var random = SeededGenerator(seed: 7)
      let base = instant("2024-02-24T00:00:00Z").timeIntervalSince1970
      let ranges = (0..<50).map { _ -> Range<Date> in
        let a = base + Double(Int.random(in: 0..<(55 * 86400_000), using: &random)) / 1000
        let b = a + Double(Int.random(in: 0..<(3 * 86400_000), using: &random)) / 1000
        return Date(timeIntervalSince1970: a)..<Date(timeIntervalSince1970: b)
      }
      // Instants are stored to the millisecond; the test's ranges are whole milliseconds too.
      #expect(
        try store.tallies(surveyID: surveyID, ranges: ranges, segment: nil)
          == ranges.map { Self.expected(samples, $0) })
      let bo = SegmentFilter(name: "agent", value: "Bo")
      #expect(
        try store.tallies(surveyID: surveyID, ranges: ranges, segment: bo)
          == ranges.map { Self.expected(samples, $0, agent: "Bo") })

      let range = days[0].lowerBound..<days[9].upperBound
      let segments = try store.segmentTallies(
        surveyID: surveyID, range: range, segmentName: "agent")
      let expectedSegments = ["Ana", "Bo", "Cy"].map {
        SegmentTally(value: $0, tally: Self.expected(samples, range, agent: $0))
      }.sorted { ($0.tally.n, $1.value) > ($1.tally.n, $0.value) }
      #expect(segments == expectedSegments)

      // Every value in every range at once equals one value at a time.
      let byValue = try store.segmentPeriodTallies(
        surveyID: surveyID, ranges: ranges, segmentName: "agent")
      let agents = ["Ana", "Bo", "Cy"].filter { agent in
        ranges.contains { Self.expected(samples, $0, agent: agent).n > 0 }
      }
      #expect(byValue.keys.sorted() == agents)
      for agent in agents {
        #expect(byValue[agent] == ranges.map { Self.expected(samples, $0, agent: agent) })
      }
      #expect(
        try store.segmentPeriodTallies(surveyID: surveyID, ranges: ranges, segmentName: "nobody")
          .isEmpty)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func responseRateCountsInvitationsSentInTheRange(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let survey = try #require(try store.survey(slug: "default"))
      for index in 0..<4 {
        let contact = try store.upsertContact(
          ContactInput(email: "p\(index)@example.com"), now: testNow)
        let invitation = try store.createInvitation(
          NewInvitation(
            surveyID: survey.id, contactID: contact.id, tokenHash: [UInt8(index)],
            sendAfter: testNow),
          now: testNow)
        try store.markInvitationSent(
          id: invitation.id, messageID: "m\(index)",
          at: instant("2024-05-0\(index + 1)T12:00:00Z"))
        if index % 2 == 0 {
          _ = try store.recordResponse(
            NewResponse(
              surveyID: survey.id, invitationID: invitation.id, score: try Score(10),
              respondedAt: testNow, source: .email), now: testNow)
        }
      }
      let firstThree = instant("2024-05-01T00:00:00Z")..<instant("2024-05-04T00:00:00Z")
      #expect(
        try store.responseRate(surveyID: survey.id, range: firstThree)
          == ResponseRateCounts(sent: 3, responded: 2))
    }
  }
}
