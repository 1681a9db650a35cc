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
}
