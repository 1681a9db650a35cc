import Foundation
import Storage

/// Test support shipped as a library (like HummingbirdTesting): fresh stores of both kinds for
/// the test targets of the modules above Storage.

/// The two stores the suites run against.
public enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
  case sqlite
  case postgres

  public var description: String { rawValue }
}

/// Test configuration from the environment, set by scripts/test.sh.
public enum TestEnvironment {
  /// `NPS_TEST_POSTGRES_URL`: a PostgreSQL database the tests may create schemas in.
  public static var postgresURL: String? {
    ProcessInfo.processInfo.environment["NPS_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
  }

  /// `NPS_REQUIRE_POSTGRES=1`: a missing or unreachable PostgreSQL fails the tests.
  public static var postgresRequired: Bool {
    ProcessInfo.processInfo.environment["NPS_REQUIRE_POSTGRES"] == "1"
  }
}

/// PostgreSQL was promised (NPS_REQUIRE_POSTGRES=1) and is not there.
public struct PostgresUnavailable: Error, CustomStringConvertible {
  public var description: String
}

/// A database URL for one test: a temporary SQLite file, or a new schema in the test
/// PostgreSQL database; both are removed after `body`. `body` does not run (and a notice is
/// printed) only for PostgreSQL when no server was configured and none was required.
public func withTestDatabaseURL(_ kind: StoreKind, _ body: (String) throws -> Void) throws {
  switch kind {
  case .sqlite:
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("nps-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try body("sqlite://" + directory.appendingPathComponent("test.db").path)
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
    do {
      try PostgresAdmin.executeUnsafeScript(url: base, "CREATE SCHEMA \(schema)")
    } catch {
      throw PostgresUnavailable(description: "the test PostgreSQL is unreachable: \(error)")
    }
    defer { try? PostgresAdmin.executeUnsafeScript(url: base, "DROP SCHEMA \(schema) CASCADE") }
    let separator = base.contains("?") ? "&" : "?"
    try body(base + separator + "options=-csearch_path%3D\(schema)")
  }
}
