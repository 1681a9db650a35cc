import Dispatch
import Foundation
import StoreTesting
import Synchronization
import Testing

@testable import Storage

/// Group commit: concurrent writes share transactions, each caller gets its own result only
/// once committed, and one failing write never fails another.
@Suite struct GroupCommitTests {
  private struct Refused: Error, Equatable {}

  private static func createTable(_ store: SQLStore) throws {
    let id =
      switch store.dialect {
      case .sqlite: "id INTEGER PRIMARY KEY"
      case .postgres: "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
      }
    try store.database.write { connection in
      try connection.executeUnsafeScript(
        "CREATE TABLE group_test (\(id), label TEXT NOT NULL UNIQUE)")
    }
  }

  private static func insert(_ label: String, _ connection: any DatabaseConnection) throws
    -> Int64
  {
    guard
      let row = try connection.queryFirst(
        "INSERT INTO group_test (label) VALUES (\(label)) RETURNING id")
    else { throw StorageError(.query, "no row") }
    return try row.int("id")
  }

  private static func labels(_ store: SQLStore) throws -> [String] {
    try store.database.read { connection in
      try connection.query("SELECT label FROM group_test ORDER BY label").map {
        try $0.string("label")
      }
    }
  }

  /// Polls `condition` (the writes queue on other threads) for at most ten seconds.
  /// Runs `body` on a thread of its own, inside `group`. The bodies block (on the held
  /// transaction or their turn), and the global dispatch queue adds threads for blocked work
  /// only slowly on Linux: on a loaded two-core machine the last writer did not start within
  /// the ten seconds the test waits.
  private static func onOwnThread(_ group: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
    group.enter()
    let thread = Thread {
      body()
      group.leave()
    }
    thread.start()
  }

  private static func waitUntil(_ condition: () -> Bool) -> Bool {
    for _ in 0..<10_000 {
      if condition() { return true }
      usleep(1000)
    }
    return false
  }

  @Test(arguments: StoreKind.allCases)
  func writesFromManyThreadsAreAllCommittedWithTheirOwnResults(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      try Self.createTable(store)
      let commits = GroupCommit(database: store.database)
      let results = Mutex<[String: Int64]>([:])
      let failures = Mutex(0)
      DispatchQueue.concurrentPerform(iterations: 8) { thread in
        for index in 0..<50 {
          let label = "t\(thread)-\(index)"
          do {
            let id = try commits.write { connection in try Self.insert(label, connection) }
            // Committed before `write` returned: a reader sees it.
            let seen = try store.database.read { connection in
              try connection.queryFirst("SELECT label FROM group_test WHERE id = \(id)")?
                .string("label")
            }
            if seen != label { failures.withLock { $0 += 1 } }
            results.withLock { $0[label] = id }
          } catch {
            failures.withLock { $0 += 1 }
          }
        }
      }
      #expect(failures.withLock { $0 } == 0)
      let ids = results.withLock { $0 }
      #expect(ids.count == 400)
      #expect(Set(ids.values).count == 400)
      #expect(try Self.labels(store) == ids.keys.sorted())
      #expect(commits.queuedWrites == 0)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func aFailingWriteInAGroupFailsOnlyItsOwnCaller(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      try Self.createTable(store)
      let commits = GroupCommit(database: store.database)
      let release = DispatchSemaphore(value: 0)
      let runs = Mutex<[String: Int]>([:])
      let outcomes = Mutex<[String: Result<Int64, any Error>]>([:])
      let group = DispatchGroup()
      func submit(_ label: String, fails: Bool = false, holds: Bool = false) {
        Self.onOwnThread(group) {
          let outcome = Result {
            try commits.write { connection -> Int64 in
              runs.withLock { $0[label, default: 0] += 1 }
              let id = try Self.insert(label, connection)
              if holds { release.wait() }
              if fails { throw Refused() }
              return id
            }
          }
          outcomes.withLock { $0[label] = outcome }
        }
      }
      // The first write leads and holds the transaction until seven more have queued.
      submit("lead", holds: true)
      let leading = Self.waitUntil { runs.withLock { $0["lead"] } != nil }
      for index in 0..<6 { submit("good-\(index)") }
      // The bad write queues last, so the shared transaction runs every good body before it
      // fails (the submits are asynchronous: without the wait it could queue before a good one,
      // whose body then never runs in the shared attempt).
      let goodQueued = Self.waitUntil { commits.queuedWrites == 6 }
      submit("bad", fails: true)
      let queued = goodQueued && Self.waitUntil { commits.queuedWrites == 7 }
      release.signal()
      group.wait()
      #expect(leading && queued)

      let results = outcomes.withLock { $0 }
      #expect(results.count == 8)
      #expect(throws: Refused.self) { try results["bad"]?.get() }
      for label in ["lead"] + (0..<6).map({ "good-\($0)" }) {
        #expect(throws: Never.self) { try results[label]?.get() }
      }
      // The seven queued writes shared one transaction, which the bad one rolled back; each
      // then ran alone: the good ones committed, the bad one failed only itself.
      let counts = runs.withLock { $0 }
      #expect(counts["lead"] == 1)
      for index in 0..<6 { #expect(counts["good-\(index)"] == 2) }
      #expect(counts["bad"] == 2)
      #expect(try Self.labels(store) == (["lead"] + (0..<6).map { "good-\($0)" }).sorted())
    }
  }

  @Test(arguments: StoreKind.allCases)
  func queuedWritesShareOneTransactionAndSeeEachOther(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      try Self.createTable(store)
      let commits = GroupCommit(database: store.database)
      let release = DispatchSemaphore(value: 0)
      let started = DispatchSemaphore(value: 0)
      let seenBefore = Mutex<[String: Int]>([:])
      let runs = Mutex(0)
      let group = DispatchGroup()
      Self.onOwnThread(group) {
        _ = try? commits.write { connection in
          started.signal()
          release.wait()
          return try Self.insert("lead", connection)
        }
      }
      started.wait()
      for index in 0..<5 {
        Self.onOwnThread(group) {
          _ = try? commits.write { connection -> Int64 in
            runs.withLock { $0 += 1 }
            let count = try connection.queryFirst("SELECT count(*) AS n FROM group_test")?
              .int("n")
            seenBefore.withLock { $0["q\(index)"] = Int(count ?? -1) }
            return try Self.insert("q\(index)", connection)
          }
        }
      }
      let queued = Self.waitUntil { commits.queuedWrites == 5 }
      release.signal()
      group.wait()
      #expect(queued)
      // Each queued body ran once, in one transaction, one after another: they saw 1, 2, … 5
      // rows (the leader's and those before them), whatever their order.
      #expect(runs.withLock { $0 } == 5)
      #expect(seenBefore.withLock { $0.values.sorted() } == [1, 2, 3, 4, 5])
      #expect(try Self.labels(store).count == 6)
    }
  }
}
