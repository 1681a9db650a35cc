import Foundation
import MailTesting
import StoreTesting
import Testing

/// Several machines on one PostgreSQL (README, "Operations"): two `nps serve --no-worker`
/// nodes and two `nps worker` processes sharing one database and one secret key file. Every
/// interaction sent to either node is emailed exactly once; a link made by one node works on
/// the other; a form shown by one node is accepted by the other; a dashboard session made on
/// one node is valid on the other.
@Suite(.serialized) struct MultiNodeTests {
  /// `curl` with a cookie jar; returns the status line's code and the body.
  static func curl(_ arguments: [String], jar: URL? = nil) throws -> (status: Int, body: String) {
    var all = ["-s", "-w", "\n%{http_code}"]
    if let jar { all += ["-b", jar.path, "-c", jar.path] }
    let (_, out) = try SendingProcess.runTool("/usr/bin/curl", all + arguments)
    let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
    return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
  }

  static func hidden(_ name: String, in html: String) -> String? {
    guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
    let rest = html[range.upperBound...]
    return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
  }

  @Test func twoServersAndTwoWorkersShareOnePostgreSQL() throws {
    try withTestDatabaseURL(.postgres) { url in
      let folder = try SendingProcess.temporaryFolder("multinode")
      defer { try? FileManager.default.removeItem(at: folder) }
      let sink = try SMTPTestServer()
      defer { sink.stop() }
      let secret = folder.appendingPathComponent("shared.key")
      try Data((0..<32).map { _ in UInt8.random(in: 0...255) }).write(to: secret)
      let ports = [try SendingProcess.freePort(), try SendingProcess.freePort()]
      let bases = ports.map { "http://127.0.0.1:\($0)" }
      func environment(_ node: String, port: Int? = nil) -> [String: String] {
        var extra = [
          "NPS_DATABASE_URL": url, "NPS_MAIL_URL": "smtp://127.0.0.1:\(sink.port)",
          "NPS_SECRET_KEY_FILE": secret.path, "NPS_BASE_URL": bases[0],
          "NPS_WORKER_POLL_MS": "50", "NPS_WORKER_BATCH": "5",
        ]
        if let port { extra["NPS_LISTEN"] = "127.0.0.1:\(port)" }
        return SendingProcess.environment(
          data: folder.appendingPathComponent(node), extra: extra)
      }
      let setup = environment("setup")
      #expect(try SendingProcess.run(["migrate"], environment: setup).0 == 0)
      #expect(
        try SendingProcess.run(["survey", "update", "default", "--delay", "0"], environment: setup)
          .0 == 0)
      let key = try SendingProcess.run(
        ["apikey", "create", "--scope", "ingest"], environment: setup
      )
      .1.trimmingCharacters(in: .newlines)
      let password = Process()
      password.executableURL = URL(fileURLWithPath: SendingProcess.binary)
      password.arguments = [
        "user", "add", "lead@example.com", "--role", "admin", "--password-stdin",
      ]
      password.environment = setup
      let input = Pipe()
      password.standardInput = input
      password.standardOutput = FileHandle.nullDevice
      try password.run()
      input.fileHandleForWriting.write(Data("correct horse battery\n".utf8))
      try input.fileHandleForWriting.close()
      password.waitUntilExit()
      #expect(password.terminationStatus == 0)

      var processes: [Process] = []
      defer {
        for process in processes where process.isRunning {
          process.terminate()
          process.waitUntilExit()
        }
      }
      for (index, port) in ports.enumerated() {
        processes.append(
          try SendingProcess.spawn(
            ["serve", "--no-worker"], environment: environment("server\(index)", port: port),
            log: folder.appendingPathComponent("server\(index).log")))
      }
      for index in 0..<2 {
        processes.append(
          try SendingProcess.spawn(
            ["worker"], environment: environment("worker\(index)"),
            log: folder.appendingPathComponent("worker\(index).log")))
      }
      for base in bases {
        let up = try SendingProcess.waitFor(seconds: 30) {
          try Self.curl([base + "/healthz"]).status == 200
        }
        #expect(up, "\(base) did not start")
      }

      // 40 interactions, half through each node, one request each.
      for number in 0..<40 {
        let body = """
          {"email": "person\(number)@example.com", "external_id": "T-\(number)",
           "occurred_at": "2026-03-02T09:00:00Z", "channel": "email"}
          """
        let reply = try Self.curl([
          "-H", "Authorization: Bearer \(key)", "-H", "Content-Type: application/json",
          "--data-binary", body, bases[number % 2] + "/api/v1/interactions",
        ])
        #expect(reply.status == 202, "\(reply.body)")
        #expect(reply.body.contains(#""invited":1"#))
      }
      let delivered = try SendingProcess.waitFor(seconds: 60) {
        try sink.received().count >= 40
      }
      #expect(delivered)
      Thread.sleep(forTimeInterval: 1)  // a duplicate would arrive now
      let mails = try sink.received()
      #expect(mails.count == 40)
      #expect(Set(mails.flatMap { $0.to.map { $0.last ?? "" } }).count == 40)
      #expect(Set(mails.compactMap(\.messageId)).count == 40)
      let workerLogs = try (0..<2).map {
        try String(
          contentsOf: folder.appendingPathComponent("worker\($0).log"), encoding: .utf8)
      }
      #expect(workerLogs.allSatisfy { !$0.isEmpty })

      // A link of the email (made with node 0's base URL) opened on node 1; its form sent to
      // node 0.
      let mail = try #require(mails.first)
      let link = try #require(mail.textLinks.first { $0.contains("/s/") && $0.hasSuffix("/9") })
      let onOther = link.replacingOccurrences(of: bases[0], with: bases[1])
      let page = try Self.curl([onOther])
      #expect(page.status == 200)
      let signature = try #require(Self.hidden("sig", in: page.body))
      let token = try #require(link.split(separator: "/").dropLast().last.map(String.init))
      let sent = try Self.curl([
        "--data-urlencode", "score=9", "--data-urlencode", "comment=Two nodes, one answer",
        "--data-urlencode", "sig=\(signature)", bases[0] + "/s/\(token)",
      ])
      #expect(sent.status == 303 || sent.status == 200, "\(sent.body)")
      let report = try SendingProcess.run(
        ["report", "--survey", "default", "--format", "json"], environment: setup)
      let document = try #require(
        try JSONSerialization.jsonObject(with: Data(report.1.utf8)) as? [String: Any])
      let overall = try #require(document["overall"] as? [String: Any])
      #expect(overall["n"] as? Int == 1)
      #expect(overall["promoters"] as? Int == 1)

      // A dashboard session made on node 0 is valid on node 1; without it node 1 refuses.
      let jar = folder.appendingPathComponent("cookies.txt")
      let login = try Self.curl([bases[0] + "/login"], jar: jar)
      let csrf = try #require(Self.hidden("csrf", in: login.body))
      let signedIn = try Self.curl(
        [
          "--data-urlencode", "email=lead@example.com", "--data-urlencode",
          "password=correct horse battery", "--data-urlencode", "csrf=\(csrf)",
          bases[0] + "/login",
        ], jar: jar)
      #expect(signedIn.status == 303, "\(signedIn.body)")
      #expect(try Self.curl([bases[1] + "/dashboard"], jar: jar).status == 200)
      #expect(try Self.curl([bases[1] + "/dashboard"]).status == 303)
    }
  }

  /// A shared key file that is missing or not a key stops `nps serve` as bad configuration.
  @Test func aMissingOrBadSharedKeyFileIsAConfigurationError() throws {
    let folder = try SendingProcess.temporaryFolder("badkey")
    defer { try? FileManager.default.removeItem(at: folder) }
    let short = folder.appendingPathComponent("short.key")
    try Data([1, 2, 3]).write(to: short)
    for (file, message) in [
      (folder.appendingPathComponent("missing.key").path, "NPS_SECRET_KEY_FILE: cannot read"),
      (short.path, "is not a secret key (expected 32 bytes)"),
    ] {
      let (status, _, errors) = try SendingProcess.run(
        ["serve"],
        environment: SendingProcess.environment(
          data: folder, extra: ["NPS_SECRET_KEY_FILE": file, "NPS_LISTEN": "127.0.0.1:1"]))
      #expect(status == 78)
      #expect(errors.contains(message), "\(errors)")
    }
  }
}
