import Dispatch
import Synchronization

/// Runs the writes of concurrent callers in shared transactions (group commit).
///
/// SQLite has one writer, and every transaction pays for `BEGIN`, `COMMIT` and writing the
/// pages it touched to the WAL; PostgreSQL pays a flush per commit. Callers that arrive while a
/// transaction runs are queued; the caller that finds nobody committing becomes the leader,
/// takes everything queued (up to ``maxJobs`` writes) into one transaction, runs the bodies in
/// arrival order, and repeats until its own write is done; then it hands the leadership to the
/// oldest waiting caller. Bodies run one after another on one connection, so each sees the
/// writes queued before it exactly as it would in its own transaction.
///
/// Guarantees:
/// - `write` returns only after its body's changes are committed (durability as with
///   ``Database/write(_:)``).
/// - If the shared transaction fails, it is rolled back and each body of the group runs again
///   alone, so one caller's failure never fails another's; each caller gets what running its
///   body alone gives. A body may therefore run more than once: it must not act outside the
///   transaction, except by returning a value.
/// - A lost connection is not retried (the commit may or may not have happened): every caller
///   of that group gets the error.
///
/// Threading: any thread may call `write`; a body runs on the leader's thread while its caller
/// waits. The mutex guards the queue; a job's outcome is written by the leader before the job's
/// semaphore is signalled, which orders the caller's read after it.
public final class GroupCommit: Sendable {
  /// The database the shared transactions run on.
  public let database: any Database
  /// Writes in one shared transaction at most.
  public let maxJobs: Int
  private let queue = Mutex(Queue())

  /// Group commit on `database`, at most `maxJobs` writes per transaction.
  public init(database: any Database, maxJobs: Int = 128) {
    self.database = database
    self.maxJobs = max(1, maxJobs)
  }

  /// Writes waiting for a transaction (for monitoring and tests).
  public var queuedWrites: Int {
    queue.withLock { $0.pending.count }
  }

  /// Runs `body` in a transaction, possibly shared with other callers' bodies, and returns its
  /// result once committed; throws what running `body` alone in a transaction would throw.
  @discardableResult
  public func write<T: Sendable>(_ body: (any DatabaseConnection) throws -> T) throws -> T {
    // The body only runs while this call waits, so it never really escapes.
    try withoutActuallyEscaping(body) { body in
      var value: T?
      let job = Job { connection in value = try body(connection) }
      try submit(job)
      guard let value else { throw StorageError(.query, "a grouped write returned no result") }
      return value
    }
  }

  /// One caller's write.
  /// `@unchecked Sendable`: `body`, `finished` and `error` are used by one thread at a time,
  /// the leader, while the owner waits on `done`; the owner reads them only after `done` is
  /// signalled (or when it is the leader itself).
  private final class Job: @unchecked Sendable {
    /// Cleared once finished, so no reference to the caller's closure outlives the call.
    var body: ((any DatabaseConnection) throws -> Void)?
    var finished = false
    var error: (any Error)?
    let done = DispatchSemaphore(value: 0)

    init(_ body: @escaping (any DatabaseConnection) throws -> Void) {
      self.body = body
    }

    func run(_ connection: any DatabaseConnection) throws {
      guard let body else { throw StorageError(.query, "a grouped write ran twice") }
      try body(connection)
    }
  }

  private struct Queue {
    var pending: [Job] = []
    var leading = false
  }

  private func submit(_ job: Job) throws {
    let leads = queue.withLock { queue in
      queue.pending.append(job)
      if queue.leading { return false }
      queue.leading = true
      return true
    }
    if !leads {
      job.done.wait()
      // Woken when finished, or to lead (then its job is first in the queue).
      if job.finished {
        if let error = job.error { throw error }
        return
      }
    }
    while !job.finished {
      let group = queue.withLock { queue in
        let count = min(maxJobs, queue.pending.count)
        let group = Array(queue.pending.prefix(count))
        queue.pending.removeFirst(count)
        return group
      }
      commit(group, leader: job)
    }
    let next = queue.withLock { queue -> Job? in
      if let next = queue.pending.first { return next }
      queue.leading = false
      return nil
    }
    next?.done.signal()
    if let error = job.error { throw error }
  }

  private func commit(_ group: [Job], leader: Job) {
    if group.count > 1 {
      do {
        try database.write { connection in
          for job in group { try job.run(connection) }
        }
        for job in group { finish(job, error: nil, leader: leader) }
        return
      } catch let error as StorageError where error.code == .connectionLost {
        for job in group { finish(job, error: error, leader: leader) }
        return
      } catch {
        // Each alone below: the failing body fails only its own caller.
      }
    }
    for job in group {
      do {
        try database.write { connection in try job.run(connection) }
        finish(job, error: nil, leader: leader)
      } catch {
        finish(job, error: error, leader: leader)
      }
    }
  }

  private func finish(_ job: Job, error: (any Error)?, leader: Job) {
    job.error = error
    job.finished = true
    job.body = nil
    if job !== leader { job.done.signal() }
  }
}
