import Foundation
import HTTPServer
import Storage
import StoreTesting
import Testing

@testable import SurveyService

/// A worker pass that fails logs the database's reason, not only "a statement failed".
@Suite struct WorkerFailureLogTests {
  @Test(arguments: StoreKind.allCases)
  func aFailedSendPassLogsTheDatabasesReason(kind: StoreKind) throws {
    let log = SendingLogLines()
    try SendingTest.withContext(kind, logger: log.logger) { context, _ in
      // Every send pass now fails in the database: the table it leases from is gone.
      try context.store.database.write { connection in
        try connection.executeUnsafeScript("ALTER TABLE invitations RENAME TO invitations_gone")
      }
      let worker = SendWorker(context: context, options: SendingTest.workerOptions)
      worker.start()
      defer { worker.stop() }
      let deadline = Date().addingTimeInterval(10)
      while log.messages(at: .error).isEmpty, Date() < deadline { usleep(20_000) }
      let line = try #require(
        log.messages(at: .error).first { $0.hasPrefix("send worker pass failed: ") })
      #expect(line.hasPrefix("send worker pass failed: a database statement failed: "))
      let reason =
        kind == .sqlite ? "no such table: invitations" : "relation \"invitations\" does not exist"
      #expect(line.contains(reason))
    }
  }
}
