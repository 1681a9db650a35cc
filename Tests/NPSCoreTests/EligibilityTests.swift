import Foundation
import NPSCore
import Testing

@Suite struct EligibilityTests {
  func at(_ iso: String) -> Date { try! Date(iso, strategy: .iso8601) }
  let berlin = TimeZone(identifier: "Europe/Berlin")!

  @Test func delayIsAddedToTheInteraction() {
    let rules = EligibilityRules(delayMinutes: 120)
    let decision = rules.decide(
      EligibilityFacts(occurredAt: at("2026-03-02T09:00:00Z")), now: at("2026-03-02T09:05:00Z"),
      sampleDraw: 0)
    #expect(decision == .invite(sendAfter: at("2026-03-02T11:00:00Z")))
  }

  @Test func oldInteractionsAreSentNowNotInThePast() {
    let decision = EligibilityRules(delayMinutes: 60).decide(
      EligibilityFacts(occurredAt: at("2026-01-01T00:00:00Z")), now: at("2026-03-02T09:00:00Z"),
      sampleDraw: 0)
    #expect(decision == .invite(sendAfter: at("2026-03-02T09:00:00Z")))
  }

  @Test func quietHoursMoveTheSendInTheContactsZone() throws {
    let rules = EligibilityRules(quietHours: try QuietHours(parsing: "20:00-08:00"))
    // 21:30 in Berlin (UTC+1 in winter) -> 08:00 Berlin the next day = 07:00Z.
    let evening = rules.decide(
      EligibilityFacts(occurredAt: at("2026-02-10T20:30:00Z"), timeZone: berlin),
      now: at("2026-02-10T20:30:00Z"), sampleDraw: 0)
    #expect(evening == .invite(sendAfter: at("2026-02-11T07:00:00Z")))
    // 06:00 Berlin -> 08:00 the same day.
    let morning = rules.decide(
      EligibilityFacts(occurredAt: at("2026-02-10T05:00:00Z"), timeZone: berlin),
      now: at("2026-02-10T05:00:00Z"), sampleDraw: 0)
    #expect(morning == .invite(sendAfter: at("2026-02-10T07:00:00Z")))
    // Without a contact zone the company's zone (UTC here) applies: 12:00Z is allowed.
    let noon = rules.decide(
      EligibilityFacts(occurredAt: at("2026-02-10T12:00:00Z")), now: at("2026-02-10T12:00:00Z"),
      sampleDraw: 0)
    #expect(noon == .invite(sendAfter: at("2026-02-10T12:00:00Z")))
  }

  @Test func daytimeQuietHoursWindow() throws {
    let quiet = try QuietHours(parsing: "12:00-13:30")
    let utc = TimeZone(identifier: "UTC")!
    #expect(
      quiet.nextAllowed(after: at("2026-02-10T12:10:00Z"), in: utc) == at("2026-02-10T13:30:00Z"))
    #expect(
      quiet.nextAllowed(after: at("2026-02-10T13:30:00Z"), in: utc) == at("2026-02-10T13:30:00Z"))
    #expect(throws: QuietHoursError.self) { try QuietHours(parsing: "25:00-08:00") }
    #expect(throws: QuietHoursError.self) { try QuietHours(parsing: "08:00-08:00") }
    // The error quotes what was typed, not minutes.
    for typed in ["08:00-08:00", " 8:00 - 08:00"] {
      #expect {
        try QuietHours(parsing: typed)
      } throws: { error in
        (error as? QuietHoursError)?.description
          == "quiet hours must be HH:MM-HH:MM with two different times (e.g. 20:00-08:00), "
          + "got \"\(typed)\""
      }
    }
    #expect(quiet.description == "12:00-13:30")
  }

  @Test func throttleCountsFromTheLastSentInvitation() {
    let rules = EligibilityRules(throttleDays: 90)
    let facts = EligibilityFacts(
      occurredAt: at("2026-03-01T10:00:00Z"), lastSentAt: at("2026-01-01T10:00:00Z"))
    let decision = rules.decide(facts, now: at("2026-03-01T10:00:00Z"), sampleDraw: 0)
    #expect(
      decision
        == .skip(
          .throttled(lastSentAt: at("2026-01-01T10:00:00Z"), until: at("2026-04-01T10:00:00Z"))))
    let later = rules.decide(
      EligibilityFacts(
        occurredAt: at("2026-04-01T10:00:00Z"), lastSentAt: at("2026-01-01T10:00:00Z")),
      now: at("2026-04-01T10:00:00Z"), sampleDraw: 0)
    #expect(later == .invite(sendAfter: at("2026-04-01T10:00:00Z")))
  }

  @Test func suppressionComesFirst() {
    let rules = EligibilityRules()
    let now = at("2026-03-01T10:00:00Z")
    #expect(
      rules.decide(EligibilityFacts(occurredAt: now, unsubscribedAt: now), now: now, sampleDraw: 0)
        == .skip(.unsubscribed))
    #expect(
      rules.decide(EligibilityFacts(occurredAt: now, bouncedAt: now), now: now, sampleDraw: 0)
        == .skip(.bounced))
    #expect(
      rules.decide(
        EligibilityFacts(occurredAt: now, hasPendingInvitation: true), now: now, sampleDraw: 0)
        == .skip(.pendingInvitation))
  }

  @Test func samplingKeepsTheRateShare() {
    let rules = EligibilityRules(sampleRate: 0.25)
    let now = at("2026-03-01T10:00:00Z")
    #expect(rules.decide(.init(occurredAt: now), now: now, sampleDraw: 0.2499).outcome == "invite")
    #expect(
      rules.decide(.init(occurredAt: now), now: now, sampleDraw: 0.25)
        == .skip(.notSampled(rate: 0.25)))
    var generator = SeededGenerator(seed: 42)
    let invited = (0..<10_000).filter { _ in
      rules.decide(
        .init(occurredAt: now), now: now, sampleDraw: Double.random(in: 0..<1, using: &generator)
      )
      .outcome == "invite"
    }.count
    // Binomial(10000, 0.25): mean 2500, sd 43.3; 5 sd either side.
    #expect((2283...2717).contains(invited))
  }
}

/// SplitMix64: a small deterministic generator for tests.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
