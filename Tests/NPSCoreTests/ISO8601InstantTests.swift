import Foundation
import NPSCore
import Testing

@Suite struct ISO8601InstantTests {
  @Test(arguments: [
    (1_704_448_800.0, "2024-01-05T10:00:00Z"),
    (1_704_448_800.25, "2024-01-05T10:00:00.250Z"),
    (1_704_448_800.999, "2024-01-05T10:00:00.999Z"),
    (-0.5, "1969-12-31T23:59:59.500Z"),
    (-86_400.0, "1969-12-31T00:00:00Z"),
    (1_676_246_400.001, "2023-02-13T00:00:00.001Z"),
    (1_676_246_400.05, "2023-02-13T00:00:00.050Z"),
  ])
  func writesMillisecondsOnlyWhenThereAreSome(seconds: Double, expected: String) {
    #expect(ISO8601Instant.string(Date(timeIntervalSince1970: seconds)) == expected)
  }

  /// The API's fixed width: always three digits, and they are the instant's rounded
  /// milliseconds. About half the instants of whole milliseconds are a hair below theirs as a
  /// Double (1767225622.001 is 1767225622.00099992...), which a truncating formatter wrote as
  /// one millisecond less.
  @Test func writesTheRoundedMillisecondsAlways() {
    #expect(
      ISO8601Instant.string(Date(timeIntervalSince1970: 1_704_448_800), alwaysMilliseconds: true)
        == "2024-01-05T10:00:00.000Z")
    #expect(
      ISO8601Instant.string(
        Date(timeIntervalSince1970: Double(1_767_225_622_338) / 1000), alwaysMilliseconds: true)
        == "2026-01-01T00:00:22.338Z")
    for base: Int64 in [1_767_225_622_000, 1_772_452_800_000, -2_000] {
      for milliseconds in base..<(base + 2_000) {
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        let text = ISO8601Instant.string(date, alwaysMilliseconds: true)
        let fraction = ((milliseconds % 1000) + 1000) % 1000
        #expect(Int(text.dropLast().suffix(3)) == Int(fraction), "\(milliseconds): \(text)")
      }
    }
  }

  /// Instants too far out for whole milliseconds are written, not trapped on.
  @Test func farInstantsDoNotTrap() {
    #expect(!ISO8601Instant.string(Date(timeIntervalSince1970: 1e20)).isEmpty)
    #expect(!ISO8601Instant.string(Date(timeIntervalSince1970: -1e16)).isEmpty)
  }
}
