import Dispatch
import Foundation
import NPSCore
import Storage
import Synchronization

/// Commits the ingests of concurrent requests in one transaction (group commit).
///
/// SQLite has one writer, and each commit writes every page it touched to the WAL; a request
/// that ingests one interaction touches about a dozen pages. Requests that arrive while a
/// transaction runs are queued; the thread that finds nobody committing becomes the leader,
/// takes everything queued (up to ``maxItems`` interactions) into one transaction, hands each
/// request its own records, and repeats until its own request is done; then it hands the
/// leadership to the oldest waiting request. If a shared transaction fails, each request of
/// the group is retried alone, so one request's failure never fails another's.
///
/// Threading: any thread may call `commit`; the mutex guards the queue, and a job's result is
/// written by the leader before the job's semaphore is signalled (which orders the read).
final class GroupCommitter: Sendable {
  typealias Decide = @Sendable (IngestItem, EligibilityFacts) -> EligibilityOutcome

  /// One request's items, and its outcome once committed.
  /// `@unchecked Sendable`: `result` is written once by the leader thread before `done` is
  /// signalled and read by the owner only after waiting on `done` (or by the leader itself).
  final class Job: @unchecked Sendable {
    let items: [IngestItem]
    let now: Date
    let decide: Decide
    var result: Result<[IngestRecord], any Error>?
    let done = DispatchSemaphore(value: 0)

    init(items: [IngestItem], now: Date, decide: @escaping Decide) {
      self.items = items
      self.now = now
      self.decide = decide
    }
  }

  private struct State {
    var pending: [Job] = []
    var leading = false
  }

  let store: SQLStore
  let tokenHash: @Sendable (Int64, Date) -> [UInt8]
  /// Interactions in one shared transaction at most.
  let maxItems: Int
  private let state = Mutex(State())

  init(
    store: SQLStore, maxItems: Int = 2_000, tokenHash: @escaping @Sendable (Int64, Date) -> [UInt8]
  ) {
    self.store = store
    self.maxItems = maxItems
    self.tokenHash = tokenHash
  }

  /// Stores `items` (in a transaction possibly shared with other requests) and returns their
  /// records in order; throws what storing them alone would throw.
  func commit(_ items: [IngestItem], now: Date, decide: @escaping Decide) throws -> [IngestRecord] {
    let job = Job(items: items, now: now, decide: decide)
    let leads = state.withLock { state in
      state.pending.append(job)
      if state.leading { return false }
      state.leading = true
      return true
    }
    if !leads {
      job.done.wait()
      // Woken with a result, or to lead (no result yet).
      if let result = job.result { return try result.get() }
    }
    while job.result == nil {
      let group = state.withLock { state in
        var taken = 0
        var count = 0
        for queued in state.pending {
          if count > 0 && count + queued.items.count > maxItems { break }
          count += queued.items.count
          taken += 1
        }
        let group = Array(state.pending.prefix(taken))
        state.pending.removeFirst(taken)
        return group
      }
      run(group, leader: job)
    }
    let next = state.withLock { state -> Job? in
      if let next = state.pending.first { return next }
      state.leading = false
      return nil
    }
    next?.done.signal()
    return try job.result!.get()
  }

  private func run(_ group: [Job], leader: Job) {
    func finish(_ job: Job, _ result: Result<[IngestRecord], any Error>) {
      job.result = result
      if job !== leader { job.done.signal() }
    }
    func alone(_ job: Job) {
      finish(
        job,
        Result {
          try store.ingest(
            job.items, now: job.now, decide: { _, item, facts in job.decide(item, facts) },
            tokenHash: tokenHash)
        })
    }
    guard group.count > 1 else {
      group.forEach(alone)
      return
    }
    var owners: [Int] = []
    var items: [IngestItem] = []
    for (index, job) in group.enumerated() {
      owners += Array(repeating: index, count: job.items.count)
      items += job.items
    }
    do {
      let records = try store.ingest(
        items, now: group[0].now,
        decide: { index, item, facts in group[owners[index]].decide(item, facts) },
        tokenHash: tokenHash)
      var start = 0
      for job in group {
        finish(job, .success(Array(records[start..<start + job.items.count])))
        start += job.items.count
      }
    } catch {
      group.forEach(alone)
    }
  }
}
