import Foundation
import Testing

/// The walkthrough of docs/sending.md, step by step as a user follows it: start `nps serve`
/// (SQLite and the outbox), create an ingest key, POST a CSV's worth of interactions, see the
/// emails in the outbox, follow a score link, leave a comment, read the NPS back.
@Suite(.serialized) struct SendingWalkthroughTests {
  @Test func csvThroughTheAPIToTheOutbox() throws {
    let folder = try SendingProcess.temporaryFolder("walkthrough")
    defer { try? FileManager.default.removeItem(at: folder) }
    let port = try SendingProcess.freePort()
    let base = "http://127.0.0.1:\(port)"
    let environment = SendingProcess.environment(
      data: folder, extra: ["NPS_LISTEN": "127.0.0.1:\(port)"])

    // 1. Send at once (no delay) and brand the email.
    let update = try SendingProcess.run(
      ["survey", "update", "default", "--delay", "0", "--company", "Acme"],
      environment: environment)
    #expect(update.0 == 0)
    // 2. An ingest key, printed alone on stdout.
    let key = try SendingProcess.run(
      ["apikey", "create", "--scope", "ingest"], environment: environment
    ).1.trimmingCharacters(in: .newlines)
    #expect(key.hasPrefix("nps_"))
    // 3. The service.
    let server = try SendingProcess.spawn(
      ["serve"], environment: environment, log: folder.appendingPathComponent("serve.log"))
    defer {
      if server.isRunning {
        server.terminate()
        server.waitUntilExit()
      }
    }
    let up = try SendingProcess.waitFor(seconds: 20) {
      try SendingProcess.runTool("/usr/bin/curl", ["-sf", base + "/healthz"]).1 == "ok\n"
    }
    #expect(up)
    // 4. A helpdesk CSV, converted to JSON with the one-liner of the docs, POSTed.
    let csv = folder.appendingPathComponent("tickets.csv")
    try """
    email,name,external_id,occurred_at,channel
    ana@example.com,Ana,T-100,2026-03-02T09:00:00Z,email
    ben@example.com,Ben,T-101,2026-03-02T09:05:00Z,chat
    Ana@Example.com,Ana,T-102,2026-03-02T09:10:00Z,phone
    cleo@example.com,Cléo,T-103,2026-03-02T09:15:00Z,email

    """.write(to: csv, atomically: true, encoding: .utf8)
    let json = folder.appendingPathComponent("tickets.json")
    let (converted, body) = try SendingProcess.runTool(
      "/usr/bin/python3",
      [
        "-c",
        "import csv, json, sys; print(json.dumps(list(csv.DictReader(open(sys.argv[1])))))",
        csv.path,
      ])
    #expect(converted == 0)
    try body.write(to: json, atomically: true, encoding: .utf8)
    let (_, reply) = try SendingProcess.runTool(
      "/usr/bin/curl",
      [
        "-s", "-H", "Authorization: Bearer \(key)", "-H", "Content-Type: application/json",
        "--data-binary", "@" + json.path, base + "/api/v1/interactions",
      ])
    let answer = try #require(
      try JSONSerialization.jsonObject(with: Data(reply.utf8)) as? [String: Any])
    #expect(answer["created"] as? Int == 4)
    #expect(answer["invited"] as? Int == 3)
    // 5. The worker inside `nps serve` writes three emails to the outbox.
    let outbox = folder.appendingPathComponent("outbox")
    let sent = SendingProcess.waitFor(seconds: 20) {
      ((try? FileManager.default.contentsOfDirectory(atPath: outbox.path)) ?? [])
        .filter { $0.hasSuffix(".eml") }.count == 3
    }
    #expect(sent)
    let (_, checked) = try SendingProcess.runTool(
      "/usr/bin/python3",
      [TestPaths.packageRoot.appendingPathComponent("scripts/mail-check.py").path, outbox.path])
    let mails = try #require(
      try JSONSerialization.jsonObject(with: Data(checked.utf8)) as? [[String: Any]])
    #expect(mails.count == 3)
    let ana = try #require(
      mails.first { ($0["to"] as? [[String]])?.first?.last == "ana@example.com" })
    #expect(ana["subject"] as? String == "How likely are you to recommend Acme?")
    let links = try #require(ana["text_links"] as? [String])
    #expect(links.count == 12)
    let nine = links[9]
    #expect(nine.hasPrefix(base + "/s/") && nine.hasSuffix("/9"))
    // 6. Follow the score link: the survey page for 9, with the form pre-filled.
    let (_, page) = try SendingProcess.runTool("/usr/bin/curl", ["-s", nine])
    #expect(page.contains("value=\"9\" checked"))
    let signature = try #require(
      page.firstMatch(of: /name="sig" value="([^"]+)"/).map { String($0.1) })
    let formURL = String(nine.dropLast(2))
    // 7. Leave a comment with the score: the form's Send button records at once.
    let (_, posted) = try SendingProcess.runTool(
      "/usr/bin/curl",
      [
        "-s", "-o", "/dev/null", "-w", "%{http_code}", "--data-urlencode", "score=9",
        "--data-urlencode", "comment=Quick and friendly, merci Cléo!", "--data-urlencode",
        "sig=\(signature)", formURL,
      ])
    #expect(posted == "303")
    // 8. Read the NPS back.
    let (status, report, _) = try SendingProcess.run(
      ["report", "--survey", "default", "--format", "json"], environment: environment)
    #expect(status == 0)
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
    let overall = try #require(document["overall"] as? [String: Any])
    #expect(overall["n"] as? Int == 1)
    #expect(overall["promoters"] as? Int == 1)
    #expect(overall["nps"] as? Double == 100)
  }
}
