import Foundation
import StoreTesting
import Testing

@testable import Storage

extension StoreKind: CustomTestStringConvertible {
  public var testDescription: String { rawValue }
}

/// A fresh, migrated store for one test, removed afterwards (see `withTestDatabaseURL`).
func withStore(
  _ kind: StoreKind, migrate: Bool = true, _ body: (SQLStore, String) throws -> Void
) throws {
  try withTestDatabaseURL(kind) { url in
    let store = try StoreFactory.open(
      url: url, migrate: migrate, poolSize: kind == .postgres ? 4 : 8)
    defer { store.close() }
    try body(store, url)
  }
}

/// A deterministic random number generator (SplitMix64) so randomized tests repeat.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// A UTC instant from an ISO 8601 text, for readable test data.
func instant(_ text: String) -> Date {
  let formatter = ISO8601DateFormatter()
  formatter.formatOptions = [.withInternetDateTime]
  guard let date = formatter.date(from: text) else { fatalError("bad test date \(text)") }
  return date
}

let testNow = instant("2024-06-01T12:00:00Z")
