import Foundation
import StoreTesting
import Testing

@testable import Storage

/// Both stores took text as C strings: a NUL inside a text value cut it short without a word
/// (`"Before\0After"` stored as `"Before"`, on SQLite and PostgreSQL alike). It is refused
/// with an error instead, and nothing is stored.
@Suite struct NULTextTests {
  @Test(arguments: StoreKind.allCases)
  func textWithNULIsRefusedNeverCut(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let error = try #require(throws: StorageError.self) {
        try store.createChange(
          Change(surveyID: nil, title: "Before\u{0}After", changedAt: testNow))
      }
      #expect(error.message == "a text value holds NUL (U+0000), which the store cannot keep")
      #expect(try store.changes(surveyID: nil).isEmpty)
    }
  }
}
