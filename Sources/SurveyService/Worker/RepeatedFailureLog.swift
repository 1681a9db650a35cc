import Foundation
import HTTPServer

/// The log of a task the worker repeats every pass (a send pass, an alert pass): while the
/// database is gone every pass fails the same way, and a line per task per pass filled the log
/// (about 10 a second). A failure is logged when it starts, then at most every
/// ``repeatEvery`` with how many passes failed meanwhile (or at once when the reason changes),
/// and one line says when the task works again.
struct RepeatedFailureLog {
  /// How the task is named in the log (`send worker pass`).
  let task: String
  /// The longest time between two lines of one ongoing failure.
  let repeatEvery: TimeInterval
  /// Passes that failed in a row.
  private(set) var failures = 0
  private var lastReason: String?
  private var lastLogged: Date?
  private var unlogged = 0

  init(task: String, repeatEvery: TimeInterval = 60) {
    self.task = task
    self.repeatEvery = repeatEvery
  }

  mutating func failed(_ error: any Error, now: Date, logger: Logger) {
    failures += 1
    let reason = String(reflecting: error)
    let due = lastLogged.map { now.timeIntervalSince($0) >= repeatEvery } ?? true
    guard due || reason != lastReason else {
      unlogged += 1
      return
    }
    let meanwhile = unlogged > 0 ? " (\(unlogged) more failed passes since the last line)" : ""
    logger.error("\(task) failed: \(reason)\(meanwhile)")
    lastReason = reason
    lastLogged = now
    unlogged = 0
  }

  mutating func succeeded(logger: Logger) {
    guard failures > 0 else { return }
    logger.info("\(task) works again after \(failures) failed passes")
    failures = 0
    lastReason = nil
    lastLogged = nil
    unlogged = 0
  }
}
