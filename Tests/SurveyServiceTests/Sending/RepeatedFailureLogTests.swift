import Foundation
import HTTPServer
import Storage
import Testing

@testable import SurveyService

/// While the database is gone every worker pass fails the same way: the failure is logged when
/// it starts, then at most once a minute with the count, at once when the reason changes, and
/// once when the task works again (a line per task per pass filled the log before).
@Suite struct RepeatedFailureLogTests {
  @Test func anOngoingFailureIsLoggedOnceAMinuteWithItsCount() {
    let log = SendingLogLines()
    var failures = RepeatedFailureLog(task: "send worker pass")
    let start = Date(timeIntervalSince1970: 1_772_452_800)
    let gone = StorageError(.connectionLost, "the connection was lost", detail: "server closed")
    for second in 0..<30 {
      failures.failed(gone, now: start.addingTimeInterval(Double(second)), logger: log.logger)
    }
    #expect(
      log.messages(at: .error) == [
        "send worker pass failed: the connection was lost: server closed"
      ])
    failures.failed(gone, now: start.addingTimeInterval(60), logger: log.logger)
    failures.failed(
      StorageError(.busy, "the database is locked", detail: "database is locked"),
      now: start.addingTimeInterval(61), logger: log.logger)
    #expect(
      log.messages(at: .error) == [
        "send worker pass failed: the connection was lost: server closed",
        "send worker pass failed: the connection was lost: server closed"
          + " (29 more failed passes since the last line)",
        "send worker pass failed: the database is locked: database is locked",
      ])
    #expect(failures.failures == 32)
    failures.succeeded(logger: log.logger)
    failures.succeeded(logger: log.logger)
    #expect(log.messages(at: .info) == ["send worker pass works again after 32 failed passes"])
    #expect(failures.failures == 0)
  }
}
