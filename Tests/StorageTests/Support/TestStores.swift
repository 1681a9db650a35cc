import Foundation
import Testing

@testable import Storage

/// The two stores every storage test runs against.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case sqlite
  case postgres

  var testDescription: String { rawValue }
}

/// Test configuration from the environment (set by scripts/postgres-test-server.sh test).
enum TestEnvironment {
  /// `NPS_TEST_POSTGRES_URL`: a PostgreSQL database the tests may create schemas in.
  static var postgresURL: String? {
    ProcessInfo.processInfo.environment["NPS_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
  }

  /// `NPS_TEST_KEEP=1`: keep each test's database afterwards (for looking at query plans).
  static var keep: Bool { ProcessInfo.processInfo.environment["NPS_TEST_KEEP"] == "1" }

  /// `NPS_REQUIRE_POSTGRES=1`: a missing or unreachable PostgreSQL fails the tests.
  static var postgresRequired: Bool {
    ProcessInfo.processInfo.environment["NPS_REQUIRE_POSTGRES"] == "1"
  }
}

struct PostgresUnavailable: Error, CustomStringConvertible {
  var description: String
}

/// A fresh, migrated store for one test, removed afterwards: a temporary SQLite file, or a
/// new schema in the test PostgreSQL database. Returns nil (with a printed notice) only for
/// PostgreSQL when no server was configured and none was required: then `body` does not run.
func withStore(
  _ kind: StoreKind, migrate: Bool = true, _ body: (SQLStore, String) throws -> Void
) throws {
  switch kind {
  case .sqlite:
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("nps-storage-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { if !TestEnvironment.keep { try? FileManager.default.removeItem(at: directory) } }
    let url = "sqlite://" + directory.appendingPathComponent("test.db").path
    let store = try StoreFactory.open(url: url, migrate: migrate)
    defer { store.close() }
    if TestEnvironment.keep { print("kept test database: \(url)") }
    try body(store, url)
  case .postgres:
    guard let base = TestEnvironment.postgresURL else {
      if TestEnvironment.postgresRequired {
        throw PostgresUnavailable(
          description: "NPS_REQUIRE_POSTGRES=1 but NPS_TEST_POSTGRES_URL is not set")
      }
      print("note: PostgreSQL variant disabled: NPS_TEST_POSTGRES_URL is not set")
      return
    }
    let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    let admin: PostgresConnection
    do {
      admin = try PostgresConnection(url: base, serverDescription: "test server")
    } catch {
      throw PostgresUnavailable(description: "the test PostgreSQL is unreachable: \(error)")
    }
    defer { admin.close() }
    try admin.executeUnsafeScript("CREATE SCHEMA \(schema)")
    defer {
      if !TestEnvironment.keep { try? admin.executeUnsafeScript("DROP SCHEMA \(schema) CASCADE") }
    }
    let separator = base.contains("?") ? "&" : "?"
    let url = base + separator + "options=-csearch_path%3D\(schema)"
    if TestEnvironment.keep { print("kept test database: \(url)") }
    let store = try StoreFactory.open(url: url, migrate: migrate, poolSize: 4)
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
