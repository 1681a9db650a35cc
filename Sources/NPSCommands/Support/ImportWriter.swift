import Foundation
import Storage
import Synchronization

/// Writes import batches to the store on a thread of its own, in the order given, while the
/// caller reads and parses the next ones: reading the file and writing the store overlap.
///
/// At most ``capacity`` batches wait; `submit` blocks when they do, so memory stays bounded.
/// The first error stops the writer: later batches are dropped, `submit` throws it at once
/// and `finish` rethrows it. Batches written before the error stay written (as they would
/// one at a time).
///
/// Threading: `submit` and `finish` are called from one thread (the reader); the writer
/// thread is the only one that touches the store. The mutex guards the queue and the outcome.
final class ImportWriter: Sendable {
  private struct State {
    var queue: [ImportBatch] = []
    var finished = false
    var totals = ImportSummary()
    var written = 0
    var failure: (any Error)?
  }

  private let store: SQLStore
  private let now: Date
  private let state = Mutex(State())
  /// Free places in the queue.
  private let space: DispatchSemaphore
  /// Batches (or the end) waiting for the writer.
  private let ready = DispatchSemaphore(value: 0)
  private let done = DispatchSemaphore(value: 0)

  init(store: SQLStore, now: Date, capacity: Int = 2) {
    self.store = store
    self.now = now
    // Created empty and signalled: libdispatch traps when a semaphore is freed below its
    // initial value, which a stopped writer may leave.
    space = DispatchSemaphore(value: 0)
    for _ in 0..<capacity { space.signal() }
    let thread = Thread { [self] in run() }
    thread.name = "import-writer"
    thread.start()
  }

  /// Queues a batch; returns how many responses were written so far. The batch is prepared
  /// (``ImportBatch``) on the caller's thread, while the writer may still be busy.
  func submit(_ responses: [NewResponse]) throws -> Int {
    let batch = ImportBatch(responses)
    space.wait()
    let written = try state.withLock { state throws -> Int in
      if let failure = state.failure {
        space.signal()
        throw failure
      }
      state.queue.append(batch)
      return state.written
    }
    ready.signal()
    return written
  }

  /// Responses written so far: after a failure, how many were stored before it (the failed
  /// batch is stored whole or not at all).
  var stored: Int { state.withLock { $0.written } }

  /// Waits for every queued batch; returns the totals or throws the first error.
  func finish() throws -> ImportSummary {
    state.withLock { $0.finished = true }
    ready.signal()
    done.wait()
    return try state.withLock { state throws -> ImportSummary in
      if let failure = state.failure { throw failure }
      return state.totals
    }
  }

  private func run() {
    while true {
      ready.wait()
      let next = state.withLock { state -> ImportBatch? in
        state.queue.isEmpty ? nil : state.queue.removeFirst()
      }
      guard let batch = next else {
        // Signalled with an empty queue: only `finish` does that.
        done.signal()
        return
      }
      let failed = state.withLock { $0.failure != nil }
      if !failed {
        do {
          let summary = try store.importResponses(batch, now: now)
          state.withLock { state in
            state.totals.inserted += summary.inserted
            state.totals.replaced += summary.replaced
            state.written += batch.count
          }
        } catch {
          state.withLock { $0.failure = error }
        }
      }
      space.signal()
    }
  }
}
