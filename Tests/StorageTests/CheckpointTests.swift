import Foundation
import Testing

@testable import Storage

/// The WAL is copied into the database file by the checkpointer's own thread, not inside the
/// commits of the writer (which made every write behind such a commit wait about 40 ms).
@Suite struct CheckpointTests {
  @Test func theCheckpointerCopiesTheWALAndKeepsItBounded() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("nps-checkpoint-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("test.db").path
    // Asked after 50 frames; the writer restarts the WAL itself past 200.
    let database = try SQLiteDatabase(path: path, checkpointFrames: 50)
    defer { database.close() }
    try database.write { try $0.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB)") }
    let blob = [UInt8](repeating: 7, count: 3000)
    for _ in 0..<1000 {
      try database.write { try $0.execute("INSERT INTO t (b) VALUES (\(blob))") }
    }
    // The checkpoints run on the checkpointer's thread, some time after the commits asked.
    func waitUntilIdle(after runs: Int) {
      let deadline = Date().addingTimeInterval(30)
      while !(database.checkpointer.runs > runs && database.checkpointer.isIdle),
        Date() < deadline
      {
        usleep(10_000)
      }
    }
    waitUntilIdle(after: 0)
    #expect(database.checkpointer.runs > 0)
    // One more, now that the writes have stopped, copies everything.
    let runs = database.checkpointer.runs
    database.checkpointer.request()
    waitUntilIdle(after: runs)
    #expect(database.checkpointer.runs > runs)
    #expect(database.checkpointer.lastError == nil)
    // With everything copied, the next write starts the WAL again from its beginning: it then
    // holds that one commit's frames, not the thousand commits' (over 3,000 frames).
    try database.write { try $0.execute("INSERT INTO t (b) VALUES (\(blob))") }
    let probe = try SQLiteConnection(path: path)
    defer { probe.close() }
    let frames = try probe.queryFirst("PRAGMA wal_checkpoint(PASSIVE)").map { try $0.int("log") }
    #expect(frames != nil)
    #expect((frames ?? .max) < 10, "WAL holds \(String(describing: frames)) frames")
    let count = try database.read { try $0.queryFirst("SELECT count(*) AS n FROM t")?.int("n") }
    #expect(count == 1001)
  }

  @Test func closingStopsTheCheckpointer() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("nps-checkpoint-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let database = try SQLiteDatabase(
      path: folder.appendingPathComponent("test.db").path, checkpointFrames: 1)
    try database.write { try $0.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)") }
    try database.write { try $0.execute("INSERT INTO t (id) VALUES (1)") }
    database.close()
    let runs = database.checkpointer.runs
    database.checkpointer.request()
    #expect(database.checkpointer.runs == runs)
  }
}
