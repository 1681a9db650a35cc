import Foundation
import NPSCore
import StoreTesting
import SurveyService
import Testing

@testable import NPSCommands
@testable import Storage

/// A command that hits a storage failure says the database's reason, exits with a status a
/// script can act on, and an import says how much of the file it stored before the failure.
@Suite struct StorageFailureTests {
  @Test(arguments: [
    (StorageError.Code.busy, ExitCode.tempFail), (.transactionConflict, .tempFail),
    (.full, .ioError), (.ioError, .ioError), (.cannotOpen, .unavailable),
    (.connectionLost, .unavailable), (.badURL, .config), (.constraint, .dataError),
    (.migrationFailed, .software), (.query, .failure),
  ])
  func aStorageErrorKeepsItsReasonAndMapsToAStatus(code: StorageError.Code, status: ExitCode) {
    let error = CommandError.storage(StorageError(code, "it failed", detail: "the reason"))
    #expect(error.code == status)
    #expect(error.message == "it failed: the reason")
  }

  /// `nps serve` and `nps worker` open the store through the service's configuration: a
  /// database that cannot be opened gives the same status as in any other command (it was
  /// always 69), and a setting that is wrong stays 78.
  @Test(arguments: [
    (StorageError.Code.busy, ExitCode.tempFail), (.full, .ioError), (.cannotOpen, .unavailable),
  ])
  func serviceStartKeepsTheStorageStatus(code: StorageError.Code, status: ExitCode) {
    let storage = StorageError(code, "it failed", detail: "the reason")
    let error = CommandError(
      ConfigurationError(storage.debugDescription, unavailable: true, storageError: storage))
    #expect(error.code == status)
    #expect(error.message == "it failed: the reason")
    #expect(CommandError(ConfigurationError("NPS_MAIL_URL: bad")).code == .config)
    #expect(CommandError(ConfigurationError("port taken", unavailable: true)).code == .unavailable)
  }

  @Test func aStorageErrorThatEscapesACommandIsReportedWithItsReason() {
    #expect(CommandError.storage(CommandError(.usage, "as it was")).message == "as it was")
    #expect(CommandError.storage(CommandError(.usage, "as it was")).code == .usage)
  }

  static let now = Date(timeIntervalSince1970: 1_717_243_200)

  @Test func anImportStoppedByAFullDatabaseSaysHowManyResponsesWereStored() throws {
    try withTestDatabaseURL(.sqlite) { url in
      let store = try StoreFactory.open(url: url)
      defer { store.close() }
      let survey = try #require(try store.survey(slug: "default")).id
      try store.database.write { connection in
        let pages = try #require(
          try connection.query(SQLQuery(unsafeSQL: "PRAGMA page_count"))[0][0].int64)
        try connection.executeUnsafeScript("PRAGMA max_page_count = \(pages + 150)")
      }
      let writer = ImportWriter(store: store, now: Self.now, capacity: 1)
      var failure: (any Error)?
      for batch in 0..<200 where failure == nil {
        let rows = try (0..<250).map { row in
          NewResponse(
            surveyID: survey, externalID: "b\(batch)-\(row)", score: try Score(row % 11),
            comment: String(repeating: "words \(row) ", count: 20),
            respondedAt: Self.now.addingTimeInterval(Double(-row)), source: .import)
        }
        do { _ = try writer.submit(rows) } catch { failure = error }
      }
      if failure == nil {
        do { _ = try writer.finish() } catch { failure = error }
      } else {
        _ = try? writer.finish()
      }
      let cause = try #require(failure)
      let tally = try store.tallies(
        surveyID: survey, ranges: [Date(timeIntervalSince1970: 0)..<Self.now.addingTimeInterval(1)],
        segment: nil)[0]
      // Whole batches of 250 stayed; the writer counted exactly those.
      #expect(tally.n == writer.stored)
      #expect(writer.stored > 0 && writer.stored % 250 == 0)
      let error = ImportInterruption(cause: cause, stored: writer.stored, rerun: .replaces).error
      #expect(error.code == .ioError)
      #expect(
        error.message.contains(
          "or its disk is full: database or disk is full; the import stopped there: "
            + "\(writer.stored) responses were stored before the failure"))
      #expect(
        error.message.hasSuffix(
          "running the same import again replaces them "
            + "(matched by response id) and adds the rest"))
      let again = ImportInterruption(cause: cause, stored: writer.stored, rerun: .addsAgain).error
      #expect(again.message.contains("running the same import again would add them a second time"))
      let none = ImportInterruption(cause: cause, stored: 0, rerun: .addsAgain).error
      #expect(none.message.hasSuffix("database or disk is full; nothing was imported"))
    }
  }

  /// The trial's case: another `sqlite3` session holding `BEGIN IMMEDIATE`. The binary waits
  /// SQLite's busy timeout (5 s), then exits 75 naming the lock, and changes nothing.
  @Test func aCommandBlockedByAnotherConnectionsLockExits75WithTheReason() throws {
    let folder = try SendingProcess.temporaryFolder("locked")
    defer { try? FileManager.default.removeItem(at: folder) }
    let environment = SendingProcess.environment(data: folder)
    let (created, _, _) = try SendingProcess.run(
      ["survey", "create", "t"], environment: environment)
    #expect(created == 0)
    let lock = try SQLiteConnection(path: folder.appendingPathComponent("nps.sqlite").path)
    defer { lock.close() }
    try lock.executeUnsafeScript("BEGIN IMMEDIATE")
    let (status, _, err) = try SendingProcess.run(
      ["survey", "update", "t", "--delay", "5"], environment: environment)
    try lock.executeUnsafeScript("ROLLBACK")
    #expect(status == 75)
    #expect(err.hasPrefix("nps survey: the SQLite database at "))
    #expect(err.hasSuffix("is locked by another connection: database is locked\n"))
    let (shown, out, _) = try SendingProcess.run(["survey", "show", "t"], environment: environment)
    #expect(shown == 0)
    #expect(out.contains("delay minutes: 60\n"))
  }
}
