import Foundation
import MailTesting
import NPSCore
import Storage
import Testing

/// `nps webhook`, `nps survey --alert-emails` and the worker process delivering alerts, run
/// as the built binary against python's http.server as the receiver.
@Suite(.serialized) struct WebhookCommandTests {
  /// python's http.server on a free loopback port: each POST is appended to `log` as one JSON
  /// line (headers and body) and answered 204.
  final class PythonReceiver {
    let process: Process
    let port: Int
    let log: URL

    init(folder: URL) throws {
      log = folder.appendingPathComponent("received.jsonl")
      let script = """
        import http.server, json, sys
        log = sys.argv[1]
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
                with open(log, 'a') as f:
                    f.write(json.dumps({'path': self.path, 'headers': dict(self.headers),
                                        'body': body.decode()}) + '\\n')
                self.send_response(204)
                self.end_headers()
            def log_message(self, *args):
                pass
        server = http.server.HTTPServer(('127.0.0.1', 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """
      process = Process()
      process.executableURL = URL(fileURLWithPath: debianPython)
      process.arguments = ["-c", script, log.path]
      let output = Pipe()
      process.standardOutput = output
      process.standardError = FileHandle.nullDevice
      try process.run()
      var line = Data()
      while !line.contains(0x0A) {
        let chunk = output.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        line.append(chunk)
      }
      port =
        Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        ?? 0
    }

    var received: [[String: Any]] {
      guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
      return text.split(separator: "\n").compactMap {
        try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
      }
    }

    /// SIGKILL: the test process blocks SIGTERM, and children inherit the blocked mask.
    func stop() {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
  }

  @Test func webhooksAreManagedAndTheWorkerDeliversAlertsButNeverForImports() throws {
    let folder = try SendingProcess.temporaryFolder("webhooks")
    defer { try? FileManager.default.removeItem(at: folder) }
    let receiver = try PythonReceiver(folder: folder)
    defer { receiver.stop() }
    try #require(receiver.port > 0)
    let outbox = folder.appendingPathComponent("outbox")
    let environment = SendingProcess.environment(
      data: folder,
      extra: [
        "NPS_MAIL_URL": "file://" + outbox.path, "NPS_WORKER_POLL_MS": "50",
        "NPS_ALERT_EMAIL_DELAY_SECONDS": "0", "NPS_BASE_URL": "https://nps.example.com",
      ])
    func nps(_ arguments: String...) throws -> (Int32, String, String) {
      try SendingProcess.run(arguments, environment: environment)
    }

    // Clear errors for bad input, and nothing stored.
    var (status, out, err) = try nps("webhook", "add", "ftp://example.com/x")
    #expect(status == 64)
    #expect(err.contains("only http and https"))
    (status, _, err) = try nps("webhook", "add", "https://example.com/x", "--events", "nope")
    #expect(status == 64)
    #expect(err.contains("unknown event \"nope\""))
    (status, _, err) = try nps("webhook", "add", "https://example.com/x", "--survey", "missing")
    #expect(status == 65)
    (status, _, err) = try nps("survey", "update", "default", "--alert-emails", "team@, x")
    #expect(status == 64)
    #expect(err.contains("is not an email address"))
    (status, out, _) = try nps("webhook", "list")
    #expect(status == 0)
    #expect(out.isEmpty)

    (status, out, _) = try nps(
      "survey", "update", "default", "--alert-emails", "Team@Example.com,lead@example.com")
    #expect(status == 0)
    #expect(out.contains("alert emails: team@example.com, lead@example.com"))
    let url = "http://127.0.0.1:\(receiver.port)/nps"
    (status, out, err) = try nps(
      "webhook", "add", url, "--events", "response.created,response.detractor", "--survey",
      "default")
    #expect(status == 0)
    let secret = out.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(secret.hasPrefix("whsec_") && secret.count == 70)
    #expect(err.contains("shown only now"))
    (status, out, _) = try nps("webhook", "list")
    #expect(out.hasPrefix("1\t\(url)\tresponse.created,response.detractor\tdefault\tactive"))

    // An import of responses with detractors queues nothing.
    (status, _, _) = try nps(
      "import", "responses", TestPaths.sample("responses.csv"), "--survey", "default")
    #expect(status == 0)
    let store = try StoreFactory.open(url: "sqlite://" + folder.path + "/nps.sqlite")
    defer { store.close() }
    #expect(try store.jobs(kinds: AlertJobKind.all, limit: 10).isEmpty)

    // A detractor's answer (as the survey page saves it), then a worker process.
    let now = Date()
    let survey = try #require(try store.survey(slug: "default"))
    let contact = try store.upsertContact(
      ContactInput(email: "ana@example.com", name: "Ana"), now: now)
    let invitation = try store.createInvitation(
      NewInvitation(
        surveyID: survey.id, contactID: contact.id, tokenHash: Array(repeating: 7, count: 32),
        sendAfter: now), now: now)
    try store.markInvitationSent(id: invitation.id, messageID: "<m1@example.com>", at: now)
    _ = try store.saveSurveyAnswer(
      SurveyAnswer(
        surveyID: survey.id, invitationID: invitation.id, contactID: contact.id,
        score: Score(exactly: 2)!, comment: .some("Nobody called back"), at: now, via: "form"))
    #expect(try store.jobs(kinds: AlertJobKind.all, limit: 10).count == 3)
    let worker = try SendingProcess.spawn(
      ["worker"], environment: environment, log: folder.appendingPathComponent("worker.log"))
    defer { SendingProcess.stop(worker) }
    let done = SendingProcess.waitFor(seconds: 20) {
      receiver.received.count >= 2 && (try? SendingProcess.messageIDs(in: outbox).count) == 1
    }
    worker.terminate()
    worker.waitUntilExit()
    #expect(done)
    let received = receiver.received
    #expect(received.count == 2)
    for request in received {
      let headers = try #require(request["headers"] as? [String: String])
      let body = try #require(request["body"] as? String)
      let timestamp = try #require(headers["X-NPS-Timestamp"])
      let check = """
        import hashlib, hmac, sys
        print('sha256=' + hmac.new(sys.argv[1].encode(), (sys.argv[2] + '.' + sys.argv[3]).encode(), hashlib.sha256).hexdigest())
        """
      let expected = String(
        decoding: try runProcess(debianPython, ["-c", check, secret, timestamp, body]),
        as: UTF8.self
      ).trimmingCharacters(in: .whitespacesAndNewlines)
      #expect(headers["X-NPS-Signature"] == expected)
      #expect(headers["Content-Type"] == "application/json")
      #expect(body.contains("\"comment\":\"Nobody called back\""))
    }
    #expect(try store.jobs(kinds: AlertJobKind.all, limit: 10).allSatisfy { $0.status == .done })
    let mail = try #require(try MailCheck.run([outbox]).first)
    #expect(mail.subject == "Detractor: Ana gave 2")
    #expect(mail.defects.isEmpty)
    (status, out, _) = try nps("webhook", "deliveries", "1")
    #expect(status == 0)
    #expect(out.split(separator: "\n").count == 2)
    #expect(out.split(separator: "\n").allSatisfy { $0.contains("HTTP 204\tdelivered") })
    (status, _, err) = try nps("webhook", "remove", "1")
    #expect(status == 0)
    (status, _, err) = try nps("webhook", "remove", "1")
    #expect(status == 65)
    #expect(err.contains("no webhook 1"))
  }
}
