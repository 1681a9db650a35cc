import Foundation
import Synchronization
import Testing

@testable import Storage

/// SQLite readers are handed out without a lock: one kept per slot, lowest slot first, a
/// temporary one when every slot is in use, and every one closed with the database.
@Suite struct ReaderPoolTests {
  private func database() throws -> (SQLiteDatabase, URL) {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("nps-readers-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let database = try SQLiteDatabase(path: folder.appendingPathComponent("test.db").path)
    try database.write { try $0.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)") }
    try database.write { try $0.execute("INSERT INTO t (id) VALUES (41)") }
    return (database, folder)
  }

  private func readValue(_ database: SQLiteDatabase) throws -> Int64? {
    try database.read { try $0.queryFirst("SELECT id + 1 AS v FROM t")?.int("v") }
  }

  @Test func readsOneAfterAnotherReuseOneConnection() throws {
    let (database, folder) = try database()
    defer { try? FileManager.default.removeItem(at: folder) }
    defer { database.close() }
    for _ in 0..<100 { #expect(try readValue(database) == 42) }
    #expect(database.readers.openConnections == 1)
  }

  @Test func moreReadsAtOnceThanSlotsAllSucceed() throws {
    let (database, folder) = try database()
    defer { try? FileManager.default.removeItem(at: folder) }
    defer { database.close() }
    let readers = SQLiteReaderPool.slotCount + 6
    let inside = Atomic<Int>(0)
    let values = Mutex<[Int64?]>([])
    let failures = Mutex<[String]>([])
    let group = DispatchGroup()
    for _ in 0..<readers {
      let thread = Thread {
        defer { group.leave() }
        do {
          let value = try database.read { connection -> Int64? in
            // Every reader holds its connection until all of them hold one.
            inside.add(1, ordering: .sequentiallyConsistent)
            let deadline = Date().addingTimeInterval(30)
            while inside.load(ordering: .sequentiallyConsistent) < readers, Date() < deadline {
              usleep(1000)
            }
            return try connection.queryFirst("SELECT id + 1 AS v FROM t")?.int("v")
          }
          values.withLock { $0.append(value) }
        } catch {
          failures.withLock { $0.append("\(error)") }
        }
      }
      group.enter()
      thread.start()
    }
    #expect(group.wait(timeout: .now() + 60) == .success)
    #expect(failures.withLock { $0 } == [])
    #expect(values.withLock { $0 } == Array(repeating: 42, count: readers))
    #expect(inside.load(ordering: .sequentiallyConsistent) == readers)
    // The slots keep theirs; the six temporary readers were closed after their read.
    #expect(database.readers.openConnections == SQLiteReaderPool.slotCount)
    #expect(try readValue(database) == 42)
  }

  @Test func closingClosesReadersAlsoOneInUse() throws {
    let (database, folder) = try database()
    defer { try? FileManager.default.removeItem(at: folder) }
    let reading = DispatchSemaphore(value: 0)
    let closed = DispatchSemaphore(value: 0)
    let result = Mutex<Int64?>(nil)
    let done = DispatchGroup()
    done.enter()
    Thread {
      defer { done.leave() }
      let value = try? database.read { connection -> Int64? in
        reading.signal()
        closed.wait()
        return try connection.queryFirst("SELECT id + 1 AS v FROM t")?.int("v")
      }
      result.withLock { $0 = value ?? nil }
    }.start()
    reading.wait()
    // A second reader, idle again after this read.
    #expect(try readValue(database) == 42)
    #expect(database.readers.openConnections == 2)
    database.close()
    // The idle reader is closed now; the one in use when it is given back.
    #expect(database.readers.openConnections == 1)
    closed.signal()
    #expect(done.wait(timeout: .now() + 30) == .success)
    #expect(result.withLock { $0 } == 42)
    #expect(database.readers.openConnections == 0)
    #expect(throws: StorageError.self) { try readValue(database) }
  }
}
