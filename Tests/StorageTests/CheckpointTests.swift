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
    // The checkpoint runs on the checkpointer's thread, some time after the commit asked.
    let deadline = Date().addingTimeInterval(10)
    while database.checkpointer.runs == 0, Date() < deadline { usleep(10_000) }
    #expect(database.checkpointer.runs > 0)
    #expect(database.checkpointer.lastError == nil)
    // A thousand commits of three pages each, without a checkpoint, leave a WAL of about
    // 3,000 frames (12 MB); restarted once it passes 200 frames (as soon as no background
    // checkpoint holds the lock; at this rate it often does), it stays far below.
    let wal = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0
    #expect(wal > 0)
    #expect(wal < 1000 * (4096 + 24), "WAL of \(wal) bytes")
    let count = try database.read { try $0.queryFirst("SELECT count(*) AS n FROM t")?.int("n") }
    #expect(count == 1000)
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
