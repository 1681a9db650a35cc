import Foundation
import Storage
import Synchronization

/// Counts hits per bucket in fixed windows for a rate limit, in the store's `rate_limits`
/// rows, so every node on one store shares the count, without a store write per hit.
///
/// Each bucket's hits are kept here and written in batches: a hit is written at once (with
/// those kept before it) when ``syncInterval`` has passed since the bucket was last written
/// (or first hit), or when this process holds `limit / 8` unwritten hits of it (every hit
/// when the limit is below 16). A window's count is the store's, as of the bucket's last write, plus the hits
/// this process has not written yet. So one node alone counts exactly; nodes see each
/// other's hits late by at most that interval or that many hits each, and a client spread
/// over several nodes can pass the limit by that much. At 10,000 API requests a second this
/// writes about ten rows a second instead of 10,000.
///
/// Threading: any thread may call ``hit(bucket:window:limit:now:)``; the store write runs
/// outside the lock, and only one thread writes a given bucket at a time.
final class RateLimitCounter: Sendable {
  /// Longest time between two writes of a bucket that keeps being hit.
  let syncInterval: TimeInterval
  private let store: SQLStore
  private let state = Mutex(State())

  private struct Key: Hashable {
    var bucket: String
    var windowStart: Int64
  }

  private struct Entry {
    /// The window's hits in the store as of this bucket's last write (every node's).
    var stored = 0
    /// Hits counted here and not written yet.
    var unwritten = 0
    /// When this bucket was last written, or first hit here before its first write.
    var writtenAt: Date
    /// A thread is writing this bucket now.
    var writing = false
    var windowEnd: Date
  }

  private struct State {
    var entries: [Key: Entry] = [:]
    var hitsSincePrune = 0
  }

  init(store: SQLStore, syncInterval: TimeInterval = 0.1) {
    self.store = store
    self.syncInterval = syncInterval
  }

  /// Counts one hit of `bucket` in `window` and returns the window's hits, this one
  /// included, as this process knows them (see the type's description).
  func hit(bucket: String, window: DateInterval, limit: Int, now: Date) throws -> Int {
    let key = Key(bucket: bucket, windowStart: window.start.millisecondsSince1970)
    let batch = max(1, limit / 8)
    let (count, toWrite) = state.withLock { state -> (Int, Int) in
      state.hitsSincePrune += 1
      if state.hitsSincePrune >= 4096 {
        state.hitsSincePrune = 0
        state.entries = state.entries.filter { $0.value.windowEnd > now || $0.value.writing }
      }
      var entry = state.entries[key] ?? Entry(writtenAt: now, windowEnd: window.end)
      entry.unwritten += 1
      var toWrite = 0
      let due = now.timeIntervalSince(entry.writtenAt) >= syncInterval
      if !entry.writing && (entry.unwritten >= batch || due) {
        toWrite = entry.unwritten
        entry.writing = true
      }
      state.entries[key] = entry
      return (entry.stored + entry.unwritten, toWrite)
    }
    guard toWrite > 0 else { return count }
    let stored: Int
    do {
      stored = try store.countRateLimitHits(
        bucket: bucket, windowStart: window.start, hits: toWrite)
    } catch {
      state.withLock { $0.entries[key]?.writing = false }
      throw error
    }
    return state.withLock { state -> Int in
      guard var entry = state.entries[key] else { return stored }
      entry.writing = false
      entry.unwritten -= toWrite
      entry.stored = max(entry.stored, stored)
      entry.writtenAt = now
      state.entries[key] = entry
      return entry.stored + entry.unwritten
    }
  }
}
