import Foundation
import NPSCore
import StoreTesting
import Testing

@testable import Storage

/// A full database and a lock held by another connection are errors of their own, with
/// SQLite's reason in the detail, so the command line and the log can say why.
@Suite struct ResourceErrorTests {
  static func rows(_ surveyID: Int64, from first: Int, count: Int) throws -> [NewResponse] {
    try (first..<(first + count)).map { index in
      NewResponse(
        surveyID: surveyID, externalID: "r\(index)", score: try Score(index % 11),
        comment: String(repeating: "comment \(index) ", count: 20),
        respondedAt: testNow.addingTimeInterval(Double(-index)), source: .import,
        properties: ["plan": "p\(index % 7)"])
    }
  }

  @Test func aFullDatabaseIsFullWithSQLitesReasonAndKeepsEarlierBatches() throws {
    try withStore(.sqlite) { store, _ in
      let survey = try #require(try store.survey(slug: "default")).id
      // A real SQLITE_FULL: the writer may grow the file by 100 pages (400 KB) at most.
      try store.database.write { connection in
        let pages = try #require(
          try connection.query(SQLQuery(unsafeSQL: "PRAGMA page_count"))[0][0].int64)
        try connection.executeUnsafeScript("PRAGMA max_page_count = \(pages + 100)")
      }
      var stored = 0
      var failure: StorageError?
      for batch in 0..<100 where failure == nil {
        do {
          let summary = try store.importResponses(
            try Self.rows(survey, from: batch * 200, count: 200), now: testNow)
          stored += summary.inserted
        } catch let error as StorageError {
          failure = error
        }
      }
      let error = try #require(failure)
      #expect(error.code == .full)
      #expect(error.detail == "database or disk is full")
      #expect(error.debugDescription.hasSuffix("or its disk is full: database or disk is full"))
      #expect(stored >= 200)
      // The failed batch left nothing; the ones before it are all there.
      let tally = try store.tallies(
        surveyID: survey, ranges: [Date(timeIntervalSince1970: 0)..<testNow.addingTimeInterval(1)],
        segment: nil)[0]
      #expect(tally.n == stored)
    }
  }

  @Test func aLockHeldByAnotherConnectionIsBusyAndChangesNothing() throws {
    try withStore(.sqlite) { store, url in
      guard case .sqlite(let path) = try StoreFactory.location(of: url) else {
        Issue.record("not a SQLite URL: \(url)")
        return
      }
      var survey = try #require(try store.survey(slug: "default"))
      let other = try SQLiteConnection(path: path)
      defer { other.close() }
      try other.executeUnsafeScript("BEGIN IMMEDIATE")
      let before = survey.delayMinutes
      survey.delayMinutes = before + 5
      // SQLite waits its busy timeout (5 s) for the lock, then gives up.
      let error = try #require(throws: StorageError.self) {
        try store.updateSurvey(survey, now: testNow)
      }
      #expect(error.code == .busy)
      #expect(error.detail == "database is locked")
      #expect(error.message.hasSuffix("is locked by another connection"))
      try other.executeUnsafeScript("ROLLBACK")
      #expect(try store.survey(slug: "default")?.delayMinutes == before)
    }
  }

  /// Opening an up-to-date store takes no write lock: a command starts at once while another
  /// connection holds one (it waited the 5 s busy timeout and failed before).
  @Test func openingAnUpToDateStoreTakesNoWriteLock() throws {
    try withStore(.sqlite) { _, url in
      guard case .sqlite(let path) = try StoreFactory.location(of: url) else {
        Issue.record("not a SQLite URL: \(url)")
        return
      }
      let other = try SQLiteConnection(path: path)
      defer { other.close() }
      try other.executeUnsafeScript("BEGIN IMMEDIATE")
      // Before, opening migrated under the write lock: busy after SQLite's 5 s timeout.
      let reader = try StoreFactory.open(url: url)
      defer { reader.close() }
      #expect(try reader.survey(slug: "default")?.slug == "default")
      try other.executeUnsafeScript("ROLLBACK")
    }
  }

  /// A statement PostgreSQL cancels for its `statement_timeout` is `busy` (try again), not an
  /// unexplained failed statement.
  @Test func aStatementTimeoutIsBusy() throws {
    try withStore(.postgres) { store, _ in
      let error = try #require(throws: StorageError.self) {
        try store.database.write { connection in
          try connection.executeUnsafeScript("SET LOCAL statement_timeout = 50")
          _ = try connection.query("SELECT pg_sleep(1) AS slept")
        }
      }
      #expect(error.code == .busy)
      #expect(error.message.hasSuffix("cancelled the statement (it ran too long)"))
      #expect(error.detail.hasPrefix("57014"))
    }
  }
}
