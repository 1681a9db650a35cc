import Foundation
import HTTPServer
import Mail
import MailTesting
import Storage
import StoreTesting
import Synchronization
import Testing

@testable import SurveyService

/// A webhook endpoint on 127.0.0.1 and a kernel-chosen port (the project's HTTP server): it
/// keeps every request and answers with the next of `statuses` (then 200).
final class WebhookReceiver: Sendable {
  struct Received: Sendable {
    var headers: HTTPHeaders
    var body: [UInt8]
  }

  private let received = Mutex<[Received]>([])
  private let statuses: Mutex<[HTTPStatus]>
  private let server: HTTPServer
  /// How long each answer takes.
  private let delay: Double

  init(statuses: [HTTPStatus] = [], delay: Double = 0) throws {
    self.statuses = Mutex(statuses)
    self.delay = delay
    let box = Mutex<WebhookReceiver?>(nil)
    var router = Router()
    router.post("/hook") { request in
      guard let receiver = box.withLock({ $0 }) else {
        return Response(status: .internalServerError)
      }
      return receiver.take(request)
    }
    server = try HTTPServer(
      configuration: .init(address: "127.0.0.1", port: 0, threadPoolSize: 2),
      responder: router.buildResponder(), logger: .disabled)
    box.withLock { $0 = self }
  }

  private func take(_ request: Request) -> Response {
    received.withLock { $0.append(Received(headers: request.headers, body: request.body)) }
    if delay > 0 { Thread.sleep(forTimeInterval: delay) }
    let status = statuses.withLock { $0.isEmpty ? HTTPStatus.ok : $0.removeFirst() }
    return Response(status: status, body: Array("answer \(status.code)".utf8))
  }

  var url: String { "http://127.0.0.1:\(server.port)/hook" }
  var requests: [Received] { received.withLock { $0 } }

  func stop() { _ = server.stop(timeout: .seconds(5)) }
}

/// A service on a fresh store with a manual clock, the real SMTP test server as its mail
/// transport, and an alert dispatcher (email delay 120 s, first retry after 30 s).
struct AlertFixture {
  let pages: SurveyPageFixture
  let smtp: SMTPTestServer
  let dispatcher: AlertDispatcher
  var store: SQLStore { pages.store }
  var clock: ManualClock { pages.clock }
  var context: ServiceContext { pages.context }

  static func with(
    _ kind: StoreKind, maxAttempts: Int = 8, timeout: Duration = .seconds(5),
    _ body: (AlertFixture) throws -> Void
  ) throws {
    let smtp = try SMTPTestServer()
    defer { smtp.stop() }
    try withSurveyPages(kind) { pages in
      let context = ServiceContext(
        configuration: pages.context.configuration, store: pages.store,
        mail: try smtp.transport(), clock: pages.clock, secret: .random(), logger: .disabled)
      var options = AlertDispatcher.Options()
      options.maxAttempts = maxAttempts
      options.http.totalTimeout = timeout
      let fixture = AlertFixture(
        pages: SurveyPageFixture(
          store: pages.store, clock: pages.clock, context: context,
          responder: SurveyApplication.responder(context), folder: pages.folder),
        smtp: smtp, dispatcher: AlertDispatcher(context: context, options: options, worker: "t"))
      try body(fixture)
    }
  }

  /// Sends the survey form for a score (and comment), as a person's browser does.
  func answer(_ token: SecretToken, score: Int, comment: String = "") throws {
    let page = try pages.get("/s/\(token.text)/\(score)")
    let response = try pages.post(
      "/s/\(token.text)",
      form: [
        ("sig", try SurveyPageFixture.signature(in: page)), ("score", String(score)),
        ("comment", comment),
      ])
    #expect(response.status == .seeOther)
  }

  func pendingAlertJobs() throws -> [Job] {
    try store.jobs(kinds: AlertJobKind.all, limit: 1000).filter { $0.status == .pending }
  }
}

/// HMAC-SHA256 of `timestamp.body` computed by Python's hmac module (independent of libsodium).
func pythonSignature(secret: String, timestamp: String, body: [UInt8]) throws -> String {
  let folder = try MailTestPaths.temporaryFolder("hmac")
  defer { try? FileManager.default.removeItem(at: folder) }
  let file = folder.appendingPathComponent("body")
  try Data(body).write(to: file)
  let script = """
    import hashlib, hmac, sys
    body = open(sys.argv[3], 'rb').read()
    message = sys.argv[2].encode() + b'.' + body
    print('sha256=' + hmac.new(sys.argv[1].encode(), message, hashlib.sha256).hexdigest())
    """
  let output = try runProcess(debianPython, ["-c", script, secret, timestamp, file.path])
  return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}
