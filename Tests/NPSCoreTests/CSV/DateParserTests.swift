import Foundation
import Testing

@testable import NPSCore

/// Expected instants computed with python3 (datetime, zoneinfo), not with the code under test.
@Suite("DateParser")
struct DateParserTests {
  func seconds(
    _ text: String, _ format: DateFormat, zone: String = "UTC", excel: Bool = false
  ) -> Double? {
    var parser = DateParser(
      format: format, timeZone: TimeZone(identifier: zone)!, excelSerialInAuto: excel)
    return parser.parse(text)?.timeIntervalSince1970
  }

  @Test(arguments: [
    ("2024-02-01T10:00:00+01:00", "UTC", 1_706_778_000.0),
    ("2024-02-01T09:00:00Z", "UTC", 1_706_778_000),
    ("2024-02-01 10:00:00 +0100", "UTC", 1_706_778_000),
    ("2024-02-01T10:00:00+0100", "UTC", 1_706_778_000),
    ("2024-02-01T09:00:00.250Z", "UTC", 1_706_778_000.25),
    ("2024-02-01T10:00:00.5+01:00", "UTC", 1_706_778_000.5),
    ("2024-02-01T04:00:00-05:00", "UTC", 1_706_778_000),
    ("2024-02-01 10:00:00.75", "Europe/Paris", 1_706_778_000.75),
    ("2024-02-01 09:00:00 UTC", "Europe/Paris", 1_706_778_000),
    ("2024-03-01", "UTC", 1_709_251_200),
    ("2024-03-01 10:15:30.5", "Europe/Paris", 1_709_284_530.5),
    ("2024-07-01T12:00:00", "America/New_York", 1_719_849_600),
    // 01:30 happens twice on 2024-11-03 in New York: the first (EDT) is meant.
    ("2024-11-03 01:30:00", "America/New_York", 1_730_611_800),
    // 02:30 never happens on 2024-03-10 in New York: read with EDT, the larger offset.
    ("2024-03-10 02:30:00", "America/New_York", 1_710_052_200),
  ])
  func iso8601(text: String, zone: String, expected: Double) {
    #expect(seconds(text, .iso8601, zone: zone) == expected)
    #expect(seconds(text, .auto, zone: zone) == expected)
  }

  @Test(arguments: ["2023-02-29", "2024-13-01", "2024-02-01T25:00:00", "2024-2-1", "20240201"])
  func invalidISO8601(text: String) {
    #expect(seconds(text, .iso8601) == nil)
  }

  @Test func unix() {
    #expect(seconds("1700000000", .unix) == 1_700_000_000)
    #expect(seconds("1700000000123", .unix) == 1_700_000_000.123)
    #expect(seconds("1700000000.25", .auto) == 1_700_000_000.25)
  }

  @Test func usDates() {
    #expect(seconds("11/1/2019 8:51:12", .usMonthDayYear) == 1_572_598_272)
    #expect(seconds("11/1/2019 8:51:12", .auto) == 1_572_598_272)
    #expect(seconds("3/10/2024 2:30 PM", .usMonthDayYear) == 1_710_081_000)
    #expect(seconds("3/10/2024", .usMonthDayYear) == 1_710_028_800)
    #expect(seconds("13/10/2024", .usMonthDayYear) == nil)
  }

  @Test func excelSerialDays() {
    #expect(seconds("43466", .excelSerial) == 1_546_300_800)  // 2019-01-01
    #expect(seconds("1", .excelSerial) == -2_208_988_800)  // 1900-01-01
    #expect(seconds("59", .excelSerial) == -2_203_977_600)  // 1900-02-28
    #expect(seconds("60", .excelSerial) == nil)  // 1900-02-29 never was
    #expect(seconds("61", .excelSerial) == -2_203_891_200)  // 1900-03-01
    #expect(seconds("43525.5", .excelSerial) == 1_551_441_600)  // 2019-03-01 12:00
    #expect(seconds("43466", .auto) == nil)
    #expect(seconds("43466", .auto, excel: true) == 1_546_300_800)
  }

  @Test func patterns() throws {
    #expect(seconds("01.02.2024", .pattern(try DatePattern("dd.MM.yyyy"))) == 1_706_745_600)
    #expect(
      seconds("31/12/2023 23:59", .pattern(try DatePattern("dd/MM/yyyy HH:mm"))) == 1_704_067_140)
    #expect(
      seconds("2023-12-31T23:59", try DateFormat(option: "yyyy-MM-dd'T'HH:mm")) == 1_704_067_140)
    #expect(seconds("1.2.2024", .pattern(try DatePattern("dd.MM.yyyy"))) == nil)
    #expect(seconds("1.2.2024", .pattern(try DatePattern("d.M.yyyy"))) == 1_706_745_600)
    #expect(throws: DateFormatError.self) { try DateFormat(option: "qq-yyyy") }
    #expect(throws: DateFormatError.self) { try DateFormat(option: "HH:mm") }
    #expect(try DateFormat(option: "excel") == .excelSerial)
  }

  @Test func autoKeepsTheFirstFormat() {
    var parser = DateParser()
    #expect(parser.parse("2024-03-01T00:00:00Z")?.timeIntervalSince1970 == 1_709_251_200)
    #expect(parser.resolved == .iso8601)
    // A value in another format is still read, without changing the column's format.
    #expect(parser.parse("1709251200")?.timeIntervalSince1970 == 1_709_251_200)
    #expect(parser.resolved == .iso8601)
    #expect(parser.parse("soon") == nil)
  }

  /// The message about an unreadable date lists what `auto` reads (Excel serials only where it
  /// reads them), or names the `--date-format` given.
  @Test func expectationNamesTheAcceptedFormats() throws {
    #expect(
      DateParser().expectation
        == "ISO 8601 (2026-03-01, 2026-03-01T10:15:00Z), US M/D/YYYY or Unix seconds (or milliseconds)"
    )
    #expect(
      DateParser(excelSerialInAuto: true).expectation
        == "ISO 8601 (2026-03-01, 2026-03-01T10:15:00Z), US M/D/YYYY, Unix seconds (or milliseconds) "
        + "or Excel serial days (46000)")
    #expect(
      DateParser(format: try DateFormat(option: "dd.MM.yyyy")).expectation
        == "dd.MM.yyyy (--date-format)")
    #expect(DateParser(format: .unix).expectation == "Unix seconds (--date-format)")
  }

  @Test func civilDaysRoundTrip() {
    for days in stride(from: -800_000, through: 800_000, by: 997) {
      let civil = CivilDateTime.civilFromDays(days)
      #expect(
        CivilDateTime.daysFromCivil(year: civil.year, month: civil.month, day: civil.day) == days)
    }
  }
}
