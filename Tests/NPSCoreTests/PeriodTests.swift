import Foundation
import NPSCore
import Testing

@Suite struct PeriodTests {
  let utc = PeriodCalendar(timeZone: TimeZone(identifier: "UTC")!)
  let newYork = PeriodCalendar(timeZoneIdentifier: "America/New_York")!

  func instant(_ iso: String) -> Date { try! Date(iso, strategy: .iso8601) }

  @Test func onlyRealDatesAreDates() {
    #expect(CalendarDate.isValid(year: 2024, month: 2, day: 29))
    #expect(!CalendarDate.isValid(year: 2023, month: 2, day: 29))
    #expect(!CalendarDate.isValid(year: 1900, month: 2, day: 29))
    #expect(CalendarDate.isValid(year: 2000, month: 2, day: 29))
    #expect(!CalendarDate.isValid(year: 2018, month: 2, day: 31))
    #expect(!CalendarDate.isValid(year: 2024, month: 4, day: 31))
    #expect(CalendarDate.isValid(year: 2024, month: 12, day: 31))
    #expect(!CalendarDate.isValid(year: 2024, month: 13, day: 1))
    #expect(!CalendarDate.isValid(year: 2024, month: 1, day: 0))
  }

  @Test func utcIsNamedUTCNotGMT() {
    #expect(TimeZone(identifier: "UTC")!.displayName == "UTC")
    #expect(TimeZone(identifier: "Europe/Paris")!.displayName == "Europe/Paris")
    #expect(TimeZone(identifier: "Asia/Kolkata")!.displayName == "Asia/Kolkata")
  }

  @Test func isoWeeksAcrossYearEnds() {
    // 2021-01-03 (a Sunday) belongs to ISO week 53 of 2020; 2024-12-30 to 2025-W01.
    let sunday = utc.period(.week, containing: instant("2021-01-03T12:00:00Z"))
    #expect(sunday.label == "2020-W53")
    #expect(sunday.start == instant("2020-12-28T00:00:00Z"))
    #expect(sunday.end == instant("2021-01-04T00:00:00Z"))
    #expect(utc.period(.week, containing: instant("2024-12-30T00:00:00Z")).label == "2025-W01")
    #expect(utc.period(.week, containing: instant("2024-03-10T23:59:59Z")).label == "2024-W10")
  }

  @Test func daysFollowTheLocalZoneAndDST() {
    // 2024-03-10 in New York starts at 05:00Z and lasts 23 hours (clocks go forward).
    let day = newYork.period(.day, containing: instant("2024-03-10T12:00:00Z"))
    #expect(day.label == "2024-03-10")
    #expect(day.start == instant("2024-03-10T05:00:00Z"))
    #expect(day.end.timeIntervalSince(day.start) == 23 * 3600)
    // 03:00Z on the 10th is still the 9th in New York.
    #expect(newYork.period(.day, containing: instant("2024-03-10T03:00:00Z")).label == "2024-03-09")
  }

  @Test func monthsQuartersYears() {
    let kolkata = PeriodCalendar(timeZoneIdentifier: "Asia/Kolkata")!
    let month = kolkata.period(.month, containing: instant("2024-02-29T20:00:00Z"))
    #expect(month.label == "2024-03")
    #expect(month.start == instant("2024-02-29T18:30:00Z"))
    let quarter = utc.period(.quarter, containing: instant("2024-05-15T00:00:00Z"))
    #expect(quarter.label == "2024-Q2")
    #expect(quarter.start == instant("2024-04-01T00:00:00Z"))
    #expect(quarter.end == instant("2024-07-01T00:00:00Z"))
    let q4 = utc.period(.quarter, containing: instant("2024-12-31T23:00:00Z"))
    #expect(q4.end == instant("2025-01-01T00:00:00Z"))
    #expect(utc.period(.year, containing: instant("2024-05-15T00:00:00Z")).label == "2024")
  }

  @Test func periodsCoverARange() {
    let periods = utc.periods(
      .month, from: instant("2024-01-15T00:00:00Z"), to: instant("2024-04-01T00:00:00Z"))
    #expect(periods.map(\.label) == ["2024-01", "2024-02", "2024-03"])
  }

  @Test func bucketerAgreesWithTheCalendar() {
    var bucketer = PeriodBucketer(granularity: .week, calendar: newYork)
    var generator = SystemRandomNumberGenerator()
    let base = instant("2023-01-01T00:00:00Z").timeIntervalSince1970
    for _ in 0..<2000 {
      let seconds = base + Double(Int.random(in: 0..<(2 * 365 * 86400), using: &generator))
      let id = bucketer.periodID(containing: seconds)
      let expected = newYork.period(.week, containing: Date(timeIntervalSince1970: seconds))
      #expect(bucketer.periods[id] == expected)
    }
  }
}
