import CSQLite
import Dispatch
import Foundation
import Synchronization

/// Copies the WAL back into the database file on a thread of its own, so no write waits for it.
///
/// SQLite's automatic checkpoint runs inside the `COMMIT` that crosses the threshold, on the
/// writer: that commit, and every write queued behind it, waited for the copy and its sync
/// (about 40 ms each, every half second under a steady stream of survey-page views: the
/// pages' p99). Instead the writer's WAL hook (``SQLiteConnection/routeCheckpoints(to:)``)
/// only asks this checkpointer once the WAL holds ``requestFrames`` frames, and a PASSIVE
/// checkpoint on this object's own connection copies what readers no longer need while writes
/// go on. The WAL starts again from its beginning at the first write after a checkpoint that
/// copied everything; under a write stream that never pauses it keeps growing, so past
/// ``hardLimitFrames`` the writer restarts it itself (waiting, as before, but rarely).
///
/// Threading: `request()` may be called from any thread (the writer's hook calls it); the
/// checkpoint thread alone uses `connection`; `stop()` joins the thread and closes it.
final class SQLiteCheckpointer: Sendable {
  /// WAL frames (pages) after which a commit asks for a checkpoint.
  let requestFrames: Int32
  /// WAL frames after which the writer checkpoints itself (RESTART), four times the request.
  var hardLimitFrames: Int32 { 4 * requestFrames }

  let path: String
  private let state = Mutex(State())
  private let wake = DispatchSemaphore(value: 0)
  private let finished = DispatchSemaphore(value: 0)

  private struct State {
    var started = false
    var stopped = false
    var pending = false
    var running = false
    /// Checkpoints run so far (for tests).
    var runs = 0
    var lastError: String?
  }

  /// A checkpointer for the database at `path`, asked after `requestFrames` WAL frames
  /// (default: SQLite's threshold as this store sets it, ``SQLiteConnection/checkpointPages``).
  init(path: String, requestFrames: Int = SQLiteConnection.checkpointPages) {
    self.path = path
    self.requestFrames = Int32(clamping: max(1, requestFrames))
  }

  deinit { stop() }

  /// Checkpoints run so far and the last failure, if any (tests, monitoring).
  var runs: Int { state.withLock { $0.runs } }
  /// Neither asked nor checkpointing (tests wait for this).
  var isIdle: Bool { state.withLock { !$0.pending && !$0.running } }
  var lastError: String? { state.withLock { $0.lastError } }

  /// Asks for a checkpoint soon; starts the thread on first use. Cheap: one lock, one signal.
  func request() {
    let (start, signal) = state.withLock { state -> (Bool, Bool) in
      guard !state.stopped else { return (false, false) }
      let start = !state.started
      state.started = true
      let signal = !state.pending
      state.pending = true
      return (start, signal)
    }
    if start {
      let thread = Thread { [self] in run() }
      thread.name = "nps-sqlite-checkpoint"
      thread.start()
    }
    if signal { wake.signal() }
  }

  /// Stops the thread after the checkpoint in progress, if any. Safe to call twice.
  func stop() {
    let wasStarted = state.withLock { state -> Bool in
      defer { state.stopped = true }
      return state.started && !state.stopped
    }
    guard wasStarted else { return }
    wake.signal()
    finished.wait()
  }

  private func run() {
    defer { finished.signal() }
    var connection: SQLiteConnection?
    defer { connection?.close() }
    while true {
      wake.wait()
      let stop = state.withLock { state -> Bool in
        state.pending = false
        state.running = !state.stopped
        return state.stopped
      }
      if stop { return }
      do {
        if connection == nil { connection = try SQLiteConnection(path: path) }
        try connection?.checkpoint(mode: SQLITE_CHECKPOINT_PASSIVE)
        state.withLock {
          $0.runs += 1
          $0.running = false
        }
      } catch {
        state.withLock {
          $0.lastError = String(reflecting: error)
          $0.running = false
        }
      }
    }
  }
}
