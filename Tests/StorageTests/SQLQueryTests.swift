import Foundation
import Testing

@testable import Storage

@Suite struct SQLQueryTests {
  @Test func interpolatedValuesBecomeParameters() {
    let email = "bob@example.com'; DROP TABLE contacts; --"
    let limit = 5
    let query: SQLQuery = "SELECT id FROM contacts WHERE email = \(email) LIMIT \(limit)"
    #expect(query.sql(for: .sqlite) == "SELECT id FROM contacts WHERE email = ? LIMIT ?")
    #expect(query.sql(for: .postgres) == "SELECT id FROM contacts WHERE email = $1 LIMIT $2")
    #expect(query.values == [.text(email), .int(5)])
  }

  @Test func nestedQueriesKeepParameterOrder() {
    let inner: SQLQuery = "b = \(2)"
    let query: SQLQuery = "a = \(1) AND \(inner) AND c = \(3)"
    #expect(query.sql(for: .postgres) == "a = $1 AND b = $2 AND c = $3")
    #expect(query.values == [.int(1), .int(2), .int(3)])
    let joined = SQLQuery.joined(["x = \(1)", "y = \("z")"], separator: " OR ")
    #expect(joined.sql(for: .postgres) == "x = $1 OR y = $2")
  }

  /// Milliseconds round to the nearest, and instants beyond 64 bits of milliseconds clamp
  /// instead of trapping (an API once passed 1e20 seconds through and crashed the server).
  @Test func instantsBecomeMillisecondsWithoutTrapping() {
    #expect(
      Date(timeIntervalSince1970: 1_767_225_622.338).millisecondsSince1970 == 1_767_225_622_338)
    #expect(
      Date(millisecondsSince1970: 1_767_225_622_338).millisecondsSince1970 == 1_767_225_622_338)
    #expect(Date(timeIntervalSince1970: -0.0004).millisecondsSince1970 == 0)
    #expect(Date(timeIntervalSince1970: 9.3e15).millisecondsSince1970 == .max)
    #expect(Date(timeIntervalSince1970: 1e20).millisecondsSince1970 == .max)
    #expect(Date(timeIntervalSince1970: -1e16).millisecondsSince1970 == .min)
    #expect(Date(timeIntervalSince1970: .infinity).millisecondsSince1970 == .max)
    #expect(Date(timeIntervalSince1970: .nan).millisecondsSince1970 == 0)
    #expect(Date(timeIntervalSince1970: 9.2e15).millisecondsSince1970 == 9_200_000_000_000_000_000)
  }

  @Test func optionalsBindNull() {
    let name: String? = nil
    let query: SQLQuery = "UPDATE t SET name = \(name), flag = \(true)"
    #expect(query.values == [.null, .int(1)])
  }

  @Test func unsafeSQLIsVerbatim() {
    let query = SQLQuery(unsafeSQL: "SELECT 1")
    #expect(query.sql(for: .sqlite) == "SELECT 1")
    #expect(query.values.isEmpty)
  }
}

@Suite struct JSONTextTests {
  @Test func propertiesRoundTripThroughJSONText() throws {
    let map = ["quote\"": "back\\slash", "line": "a\nb\tc\u{1}", "é": "日本", "": "empty key"]
    let text = JSONText.encode(map)
    #expect(JSONText.decodeMap(text) == map)
    // Foundation's decoder agrees, independently.
    let decoded = try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
    #expect(decoded == map)
    #expect(JSONText.encode(["b": "2", "a": "1"]) == #"{"a":"1","b":"2"}"#)
    #expect(
      JSONText.encode(["k": "a\"\\\n\r\t\u{1}\u{1F}é 😀"])
        == #"{"k":"a\"\\\n\r\t\u0001\u001fé 😀"}"#)
  }
}
