import Foundation
import StoreTesting
import Testing

@testable import Storage

@Suite struct RangePartsTests {
  /// The parts as millisecond intervals, sorted.
  static func intervals(_ parts: SQLStore.RangeParts) -> [Range<Int64>] {
    var all = parts.rows
    for level in parts.buckets {
      let width = level.spanHours * RollupDeltas.hour
      all += level.ranges.map { ($0.lowerBound * width)..<($0.upperBound * width) }
    }
    return all.sorted { $0.lowerBound < $1.lowerBound }
  }

  @Test func aYearInUTCIsSixteenDayBucketsThenDays() {
    let start = instant("2024-01-01T00:00:00Z").millisecondsSince1970
    let end = instant("2025-01-01T00:00:00Z").millisecondsSince1970
    let parts = SQLStore.RangeParts(start: start, end: end)
    #expect(parts.rows.isEmpty)
    // Day 19723 (2024-01-01) to day 20089 (2025-01-01); sixteen-day buckets 1233..<1255.
    #expect(parts.buckets.map(\.spanHours) == [24, 384])
    #expect(parts.buckets[0].ranges == [19723..<19728, 20080..<20089])
    #expect(parts.buckets[1].ranges == [1233..<1255])
  }

  @Test func anHourAndAHalfInKolkataIsRowsAroundOneHour() {
    let start = instant("2024-05-01T10:30:00Z").millisecondsSince1970
    let parts = SQLStore.RangeParts(start: start, end: start + 5_400_000 + 1_800_000)
    #expect(parts.rows == [start..<start + 1_800_000, start + 5_400_000..<start + 7_200_000])
    #expect(parts.buckets.map(\.spanHours) == [1])
    #expect(parts.buckets[0].ranges.count == 1)
  }

  @Test func aRangeUnderAnHourIsRowsOnly() {
    let parts = SQLStore.RangeParts(start: 1_000, end: 2_000_000)
    #expect(parts.rows == [1_000..<2_000_000])
    #expect(parts.buckets.isEmpty)
    #expect(SQLStore.RangeParts(start: 5, end: 5).rows.isEmpty)
  }

  /// Any range, also before 1970: the parts cover it exactly once, and every level but the
  /// longest holds at most its two edges.
  @Test func randomRangesAreCoveredExactlyOnce() {
    var random = SeededGenerator(seed: 384)
    let day: Int64 = 86_400_000
    for _ in 0..<5_000 {
      let start = Int64.random(in: (-400 * day)...(400 * day), using: &random)
      let length = [
        Int64.random(in: 0...(2 * 3_600_000), using: &random),
        Int64.random(in: 0...(40 * day), using: &random),
        Int64.random(in: 0...(800 * day), using: &random),
      ].randomElement(using: &random)!
      // Half the ranges start on a whole hour, as reports in whole-hour zones do.
      let aligned =
        Bool.random(using: &random) ? start - ((start % 3_600_000) + 3_600_000) % 3_600_000 : start
      let parts = SQLStore.RangeParts(start: aligned, end: aligned + length)
      var position = aligned
      for interval in Self.intervals(parts) {
        #expect(interval.lowerBound == position)
        #expect(!interval.isEmpty)
        position = interval.upperBound
      }
      #expect(position == aligned + length)
      #expect(parts.rows.count <= 2)
      for level in parts.buckets.dropLast() { #expect(level.ranges.count <= 2) }
      if let longest = parts.buckets.last { #expect(longest.ranges.count == 1) }
    }
  }
}
