import Foundation
import Testing

@testable import NPSCore

/// The one rule for a report's range when dates are left out (``ReportRange``).
@Suite struct ReportRangeTests {
  static let calendar = PeriodCalendar(timeZone: TimeZone(identifier: "Europe/Berlin")!)
  static func at(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }
  // First response 2024-03-10 23:30 UTC (00:30 on 11 March in Berlin), last 2024-03-20 12:00.
  static let responses = at("2024-03-10T23:30:00Z")..<at("2024-03-20T12:00:00.001Z")
  static let now = at("2024-06-01T12:00:00Z")

  @Test func withoutDatesTheRangeIsTheLocalDaysOfTheFirstAndLastResponse() {
    let (start, end) = ReportRange.bounds(
      from: nil, to: nil, responses: Self.responses, calendar: Self.calendar, now: Self.now)
    #expect(start == Self.at("2024-03-10T23:00:00Z"))
    #expect(end == Self.at("2024-03-20T23:00:00Z"))
  }

  @Test func aLastResponseJustBeforeMidnightEndsItsOwnDay() {
    let responses = Self.at("2024-03-10T12:00:00Z")..<Self.at("2024-03-20T23:00:00Z")
    let (_, end) = ReportRange.bounds(
      from: nil, to: nil, responses: responses, calendar: Self.calendar, now: Self.now)
    #expect(end == Self.at("2024-03-20T23:00:00Z"))
  }

  @Test func oneDateGivenKeepsItAndTheOtherFollowsTheResponses() {
    let from = Self.at("2024-03-15T23:00:00Z")
    let late = ReportRange.bounds(
      from: from, to: nil, responses: Self.responses, calendar: Self.calendar, now: Self.now)
    #expect(late.start == from && late.end == Self.at("2024-03-20T23:00:00Z"))
    // --to before the first response: an empty range.
    let to = Self.at("2024-03-01T23:00:00Z")
    let early = ReportRange.bounds(
      from: nil, to: to, responses: Self.responses, calendar: Self.calendar, now: Self.now)
    #expect(early.start == to && early.end == to)
  }

  @Test func aSurveyWithoutResponsesReportsTheLast90Days() {
    let (start, end) = ReportRange.bounds(
      from: nil, to: nil, responses: nil, calendar: Self.calendar, now: Self.now)
    #expect(start == Self.at("2024-03-02T23:00:00Z"))
    #expect(end == Self.at("2024-06-01T22:00:00Z"))
  }

  @Test func periodsAreCutToTheRange() {
    let range = Self.at("2024-03-10T23:00:00Z")..<Self.at("2024-05-05T22:00:00Z")
    let periods = ReportRange.periods(.month, in: range, calendar: Self.calendar)
    #expect(periods.map(\.label) == ["2024-03", "2024-04", "2024-05"])
    #expect(periods.first?.start == range.lowerBound)
    #expect(periods[1].start == Self.at("2024-03-31T22:00:00Z"))
    #expect(periods.last?.end == range.upperBound)
  }
}
