import Foundation
import Storage
import Testing

/// A worker process killed with SIGKILL in the middle of 1,000 sends: another worker finishes,
/// every invitation ends sent, and duplicates (same Message-ID twice at the sink) are counted.
@Suite(.serialized) struct SendingKillTests {
  @Test func killedWorkerLosesNothing() throws {
    let folder = try SendingProcess.temporaryFolder("kill")
    defer { try? FileManager.default.removeItem(at: folder) }
    let sink = try SendingSink()
    #expect(sink.port > 0)
    let environment = SendingProcess.environment(
      data: folder,
      extra: [
        "NPS_MAIL_URL": "smtp://127.0.0.1:\(sink.port)?starttls=none",
        "NPS_BASE_URL": "https://nps.example.com",
        "NPS_WORKER_LEASE_SECONDS": "3", "NPS_WORKER_BATCH": "25", "NPS_WORKER_POLL_MS": "50",
      ])
    #expect(
      try SendingProcess.run(
        ["survey", "update", "default", "--delay", "0"], environment: environment
      )
      .0 == 0)
    let csv = folder.appendingPathComponent("interactions.csv")
    let rows = (0..<1000).map { "c\($0)@example.com,Customer \($0),K-\($0),2026-03-02T10:00:00Z" }
    try ("email,name,ticket,date\n" + rows.joined(separator: "\n") + "\n")
      .write(to: csv, atomically: true, encoding: .utf8)
    let imported = try SendingProcess.run(
      ["import", "interactions", csv.path], environment: environment)
    #expect(imported.0 == 0, "\(imported.2)")
    #expect(imported.1.contains("1000 invitations scheduled"))

    let first = try SendingProcess.spawn(
      ["worker"], environment: environment, log: folder.appendingPathComponent("worker1.log"))
    defer { SendingProcess.stop(first) }
    let started = SendingProcess.waitFor(seconds: 60) { sink.messageCount >= 300 }
    kill(first.processIdentifier, SIGKILL)
    first.waitUntilExit()
    #expect(started)
    let atKill = sink.messageCount
    #expect(atKill < 1000, "the first worker finished before it was killed")

    let second = try SendingProcess.spawn(
      ["worker"], environment: environment, log: folder.appendingPathComponent("worker2.log"))
    defer { SendingProcess.stop(second) }
    let store = try StoreFactory.open(
      url: "sqlite://" + folder.appendingPathComponent("nps.sqlite").path, migrate: false)
    defer { store.close() }
    let finished = try SendingProcess.waitFor(seconds: 120) {
      try store.invitationCounts()[.sent] == 1000
    }
    second.terminate()
    second.waitUntilExit()
    #expect(finished)
    let counts = try store.invitationCounts()
    #expect(counts[.sent] == 1000)
    #expect(counts[.failed] == nil && counts[.scheduled] == nil)

    let ids = try SendingProcess.messageIDs(in: sink.folder)
    let unique = Set(ids)
    let duplicates = ids.count - unique.count
    print(
      "kill test: \(atKill) delivered before SIGKILL, \(ids.count) received, \(unique.count) distinct, \(duplicates) duplicate(s)"
    )
    #expect(unique.count == 1000)
    let stored = Set(try store.invitations(limit: 2000).compactMap(\.messageID))
    #expect(stored == unique)
    // Sends are sequential: only the message in flight at the kill can arrive twice.
    #expect(duplicates <= 1)
  }
}
