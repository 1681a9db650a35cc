import Foundation
import NPSCore
import Testing

@Suite struct IANATimeZoneTests {
  @Test(arguments: [
    ("Europe/Paris", 3600), ("UTC", 0), ("Etc/UTC", 0), ("GMT", 0), ("GMT+0", 0),
    ("Asia/Kolkata", 19800), ("America/Argentina/Buenos_Aires", -10800),
    ("Etc/GMT-5", 18000), ("Etc/GMT+5", -18000), ("EST5EDT", -18000), ("US/Eastern", -18000),
  ])
  func ianaNamesAreZones(name: String, januaryOffset: Int) throws {
    let zone = try #require(TimeZone(ianaName: name))
    let january = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    #expect(zone.secondsFromGMT(for: january) == januaryOffset)
  }

  /// Names Foundation takes but that mean something else to their writers (`GMT+5` is
  /// UTC+5 to Foundation and UTC-5 as IANA's `Etc/GMT+5`; `BST` is Bangladesh to ICU), and
  /// names that are no zone at all.
  @Test(arguments: [
    "GMT+5", "UTC+2", "UTC-0330", "GMT+05:30", "BST", "IST", "PST", "europe/paris", "Mars/Base",
    "", "/etc/passwd", "Europe//Paris", "../zoneinfo/UTC", "Europe/Paris ", "+05:00", "Z",
    "zone.tab", "Europe",
  ])
  func otherNamesAreRefused(name: String) {
    #expect(TimeZone(ianaName: name) == nil)
  }
}
