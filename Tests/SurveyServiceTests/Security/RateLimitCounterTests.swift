import Dispatch
import Foundation
import Storage
import StoreTesting
import Synchronization
import Testing

@testable import SurveyService

/// The rate-limit counter writes a bucket's hits to the store in batches and still counts
/// every hit of one process exactly.
@Suite struct RateLimitCounterTests {
  static let window = DateInterval(start: Date(timeIntervalSince1970: 1_800_000_000), duration: 60)

  static func withStore(_ kind: StoreKind, _ body: (SQLStore) throws -> Void) throws {
    try withTestDatabaseURL(kind) { url in
      let store = try StoreFactory.open(url: url, migrate: true)
      defer { store.close() }
      try body(store)
    }
  }

  static func stored(_ store: SQLStore, _ bucket: String) throws -> Int64 {
    try store.database.read { connection in
      try connection.queryFirst(
        "SELECT coalesce(sum(hits), 0) AS n FROM rate_limits WHERE key = \(bucket)")?
        .int("n") ?? -1
    }
  }

  /// One process: every hit counted, written every `limit / 8` hits (here 10).
  @Test(arguments: StoreKind.allCases)
  func oneProcessCountsExactlyAndWritesInBatches(kind: StoreKind) throws {
    try Self.withStore(kind) { (store: SQLStore) throws in
      let counter = RateLimitCounter(store: store)
      let now = Self.window.start
      var counts: [Int] = []
      for index in 1...95 {
        counts.append(try counter.hit(bucket: "b", window: Self.window, limit: 80, now: now))
        if index == 9 { #expect(try Self.stored(store, "b") == 0) }
        if index == 10 { #expect(try Self.stored(store, "b") == 10) }
      }
      #expect(counts == Array(1...95))
      #expect(try Self.stored(store, "b") == 90)
      // The interval passed: the next hit writes the five kept and itself.
      #expect(
        try counter.hit(bucket: "b", window: Self.window, limit: 80, now: now + 0.1) == 96)
      #expect(try Self.stored(store, "b") == 96)
    }
  }

  /// Below a limit of 16 every hit is written, so nodes share a small limit exactly.
  @Test func smallLimitsWriteEveryHit() throws {
    try Self.withStore(.sqlite) { (store: SQLStore) throws in
      let first = RateLimitCounter(store: store)
      let second = RateLimitCounter(store: store)
      let now = Self.window.start
      #expect(try first.hit(bucket: "k", window: Self.window, limit: 15, now: now) == 1)
      #expect(try second.hit(bucket: "k", window: Self.window, limit: 15, now: now) == 2)
      #expect(try first.hit(bucket: "k", window: Self.window, limit: 15, now: now) == 3)
      #expect(try Self.stored(store, "k") == 3)
    }
  }

  /// Two nodes with a larger limit see each other's hits at their next write.
  @Test func nodesSeeEachOthersHitsAtTheirNextWrite() throws {
    try Self.withStore(.sqlite) { (store: SQLStore) throws in
      let first = RateLimitCounter(store: store)
      let second = RateLimitCounter(store: store)
      let now = Self.window.start
      for _ in 1...10 { _ = try first.hit(bucket: "k", window: Self.window, limit: 80, now: now) }
      for expected in 1...9 {
        #expect(try second.hit(bucket: "k", window: Self.window, limit: 80, now: now) == expected)
      }
      // The tenth is written, and the answer holds the first node's ten.
      #expect(try second.hit(bucket: "k", window: Self.window, limit: 80, now: now) == 20)
      // Buckets and windows are apart.
      #expect(try second.hit(bucket: "other", window: Self.window, limit: 80, now: now) == 1)
      let next = DateInterval(start: Self.window.end, duration: 60)
      #expect(try second.hit(bucket: "k", window: next, limit: 80, now: next.start) == 1)
    }
  }

  /// Hits from many threads: none lost, the last count is the total, and what is kept
  /// unwritten stays under one batch.
  @Test func concurrentHitsAreAllCounted() throws {
    try Self.withStore(.sqlite) { (store: SQLStore) throws in
      let counter = RateLimitCounter(store: store)
      let now = Self.window.start
      let highest = Mutex(0)
      let failures = Mutex(0)
      DispatchQueue.concurrentPerform(iterations: 8) { _ in
        for _ in 0..<500 {
          do {
            let count = try counter.hit(bucket: "c", window: Self.window, limit: 800, now: now)
            highest.withLock { $0 = max($0, count) }
          } catch {
            failures.withLock { $0 += 1 }
          }
        }
      }
      #expect(failures.withLock { $0 } == 0)
      #expect(highest.withLock { $0 } == 4_000)
      let written = try Self.stored(store, "c")
      #expect(written > 4_000 - 100 && written <= 4_000)
    }
  }
}
