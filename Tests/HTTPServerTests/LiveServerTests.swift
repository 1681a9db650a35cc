import Dispatch
import Foundation
import Synchronization
import Testing

@testable import HTTPServer

/// Tests against a real server on 127.0.0.1 with a raw-socket client.
@Suite struct LiveServerTests {
  struct Vote: Codable {
    let score: Int
    let comment: String
  }

  struct Received: Encodable {
    let received: Int
  }

  static func router(calls: Counter = Counter()) -> Router {
    var router = Router()
    router.get("/hello/:name") { request in
      .text("Hello \(request.parameters["name"] ?? "")")
    }
    router.post("/form") { request in
      calls.increment()
      let form = try request.formFields()
      return .text("\(try form.require("name"))|\(try form.require("score"))")
    }
    router.post("/json") { request in
      calls.increment()
      let vote = try request.decodeJSON(Vote.self)
      return try .json(Received(received: vote.score), status: .created)
    }
    router.get("/boom") { _ in
      struct DatabaseExploded: Error { let detail = "table secrets is locked" }
      throw DatabaseExploded()
    }
    router.get("/cookies") { request in
      var response = Response.text(
        "sid=\(request.cookies["sid"] ?? "-") theme=\(request.cookies["theme"] ?? "-")")
      response.setCookie(try Cookie(name: "sid", value: "new1", maxAge: 60, secure: true))
      response.setCookie(try Cookie(name: "seen", value: "yes", sameSite: .strict))
      return response
    }
    router.get("/client") { request in .text(request.clientAddress) }
    router.get("/inject") { request in
      // A value taken from the query, with a CR LF in it.
      var response = Response.text("ok")
      response.headers["X-Echo"] = request.query["v"] ?? ""
      return response
    }
    router.get("/nocache") { _ in
      Response(headers: ["X-Content-Type-Options": "custom"], body: Array("x".utf8))
    }
    return router
  }

  @Test func twoRequestsShareOneKeepAliveConnection() throws {
    try withServer(Self.router()) { server in
      let client = try RawClient(port: server.port)
      try client.send("GET /hello/one HTTP/1.1\r\nHost: localhost\r\n\r\n")
      let first = try client.readResponse()
      try client.send("GET /hello/two HTTP/1.1\r\nHost: localhost\r\n\r\n")
      let second = try client.readResponse()
      #expect(first.statusLine == "HTTP/1.1 200 OK")
      #expect(first.bodyText == "Hello one")
      #expect(second.status == 200)
      #expect(second.bodyText == "Hello two")
      #expect(first.header("Connection") == nil)
      #expect(second.header("Connection") == nil)
      #expect(first.header("Content-Type") == "text/plain; charset=utf-8")
      #expect(first.header("Content-Length") == "9")
      #expect(first.header("X-Content-Type-Options") == "nosniff")
    }
  }

  @Test func pipelinedRequestsAreBothAnswered() throws {
    try withServer(Self.router()) { server in
      let client = try RawClient(port: server.port)
      try client.send(
        "GET /hello/a HTTP/1.1\r\nHost: x\r\n\r\nGET /hello/b HTTP/1.1\r\nHost: x\r\n\r\n")
      #expect(try client.readResponse().bodyText == "Hello a")
      #expect(try client.readResponse().bodyText == "Hello b")
    }
  }

  @Test func postFormBody() throws {
    try withServer(Self.router()) { server in
      let client = try RawClient(port: server.port)
      let body = "name=Ana+Mar%C3%ADa&score=9"
      try client.send(
        "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
          + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
      let reply = try client.readResponse()
      #expect(reply.status == 200)
      #expect(reply.body == Array("Ana María|9".utf8))
      // The connection stays usable after a request with a body.
      try client.send("GET /hello/again HTTP/1.1\r\nHost: x\r\n\r\n")
      #expect(try client.readResponse().bodyText == "Hello again")
    }
  }

  @Test func postJSONBody() throws {
    try withServer(Self.router()) { server in
      let client = try RawClient(port: server.port)
      let body = #"{"score": 7, "comment": "Muito bom"}"#
      try client.send(
        "POST /json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
      let reply = try client.readResponse()
      #expect(reply.statusLine == "HTTP/1.1 201 Created")
      #expect(reply.header("Content-Type") == "application/json")
      #expect(reply.bodyText == #"{"received":7}"#)
    }
  }

  @Test func chunkedBodyIsReassembled() throws {
    try withServer(Self.router()) { server in
      let client = try RawClient(port: server.port)
      try client.send(
        "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n5\r\nname=\r\n9\r\nBo&score=\r\n2\r\n10\r\n0\r\n\r\n"
      )
      let reply = try client.readResponse()
      #expect(reply.bodyText == "Bo|10")
    }
  }

  @Test func declaredBodyOverTheLimitIs413AndHandlerNeverRuns() throws {
    let calls = Counter()
    try withServer(Self.router(calls: calls), configure: { $0.maxBodySize = 100 }) { server in
      let client = try RawClient(port: server.port)
      try client.send(
        "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
          + "Content-Length: 101\r\n\r\n")
      let reply = try client.readResponse()
      #expect(reply.statusLine == "HTTP/1.1 413 Content Too Large" || reply.status == 413)
      #expect(reply.header("Connection")?.lowercased() == "close")
      #expect(client.isClosedByServer())
      // Exactly at the limit is fine.
      let exact = try RawClient(port: server.port)
      let body = "name=x&score=1&pad=" + String(repeating: "p", count: 100 - 19)
      try exact.send(
        "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
          + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
      #expect(try exact.readResponse().bodyText == "x|1")
    }
    #expect(calls.count == 1)
  }

  @Test func streamedBodyOverTheLimitIs413AndHandlerNeverRuns() throws {
    let calls = Counter()
    try withServer(Self.router(calls: calls), configure: { $0.maxBodySize = 100 }) { server in
      let client = try RawClient(port: server.port)
      let chunk = String(repeating: "a", count: 60)
      try client.send(
        "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n3c\r\n\(chunk)\r\n3c\r\n\(chunk)\r\n0\r\n\r\n")
      let reply = try client.readResponse()
      #expect(reply.status == 413)
      #expect(client.isClosedByServer())
    }
    #expect(calls.count == 0)
  }

  /// The application can answer a refused request in its own format, by target.
  @Test func theRefusalAnswerIsTheApplicationsChoice() throws {
    let calls = Counter()
    try withServer(
      Self.router(calls: calls),
      configure: {
        $0.maxBodySize = 100
        $0.refusal = { status, target in
          .text("refused \(status.code) \(target)\n", status: status)
        }
      }
    ) { server in
      let client = try RawClient(port: server.port)
      try client.send(
        "POST /form?x=1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
          + "Content-Length: 101\r\n\r\n")
      let reply = try client.readResponse()
      #expect(reply.status == 413)
      #expect(reply.bodyText == "refused 413 /form?x=1\n")
    }
    #expect(calls.count == 0)
  }

  @Test func streamedBodyFarOverTheLimitIsCutOff() throws {
    let calls = Counter()
    try withServer(Self.router(calls: calls), configure: { $0.maxBodySize = 100 }) { server in
      let client = try RawClient(port: server.port)
      let chunk = String(repeating: "a", count: 90)
      try client.send(
        "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n5a\r\n\(chunk)\r\n5a\r\n\(chunk)\r\n5a\r\n\(chunk)\r\n"
      )
      // 270 bytes against a limit of 100: closed without waiting for the end of the body.
      #expect(try client.readToEnd().isEmpty)
    }
    #expect(calls.count == 0)
  }

  @Test func unexpectedErrorIs500WithoutDetail() throws {
    let log = LogRecorder()
    try withServer(Self.router(), log: log) { server in
      let client = try RawClient(port: server.port)
      try client.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n")
      let reply = try client.readResponse()
      #expect(reply.statusLine == "HTTP/1.1 500 Internal Server Error")
      #expect(reply.bodyText == "Internal Server Error")
      #expect(!reply.bodyText.contains("secrets"))
    }
    #expect(log.all.contains { $0.hasPrefix("error ") && $0.contains("table secrets is locked") })
  }

  @Test func cookiesAreReadAndTwoSetCookieFieldsSent() throws {
    try withServer(Self.router()) { server in
      let client = try RawClient(port: server.port)
      try client.send("GET /cookies HTTP/1.1\r\nHost: x\r\nCookie: sid=old9; theme=dark\r\n\r\n")
      let reply = try client.readResponse()
      #expect(reply.bodyText == "sid=old9 theme=dark")
      #expect(
        reply.values("Set-Cookie") == [
          "sid=new1; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Lax",
          "seen=yes; Path=/; HttpOnly; SameSite=Strict",
        ])
    }
  }

  @Test func nonASCIIPercentEncodedPath() throws {
    try withServer(Self.router()) { server in
      let client = try RawClient(port: server.port)
      // "José Ünal" percent-encoded as UTF-8 (Python: quote("José Ünal")).
      try client.send("GET /hello/Jos%C3%A9%20%C3%9Cnal HTTP/1.1\r\nHost: x\r\n\r\n")
      let reply = try client.readResponse()
      #expect(reply.status == 200)
      #expect(
        reply.body == [
          72, 101, 108, 108, 111, 32, 74, 111, 115, 0xC3, 0xA9, 32, 0xC3, 0x9C, 110, 97, 108,
        ])
      try client.send("GET /hello/%C3 HTTP/1.1\r\nHost: x\r\n\r\n")
      let bad = try client.readResponse()
      #expect(bad.status == 400)
    }
  }

  @Test func headSendsGetHeadersWithoutBody() throws {
    try withServer(Self.router()) { server in
      let client = try RawClient(port: server.port)
      try client.send("HEAD /hello/world HTTP/1.1\r\nHost: x\r\n\r\n")
      let head = try client.readResponse(hasBody: false)
      #expect(head.status == 200)
      #expect(head.header("Content-Length") == "11")  // "Hello world"
      // The next response on the same connection starts right after the headers.
      try client.send("GET /hello/next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
      let next = try client.readResponse()
      #expect(next.bodyText == "Hello next")
      #expect(try client.readToEnd().isEmpty)
    }
  }

  @Test func notFoundAndMethodNotAllowedOnTheWire() throws {
    try withServer(Self.router()) { server in
      let client = try RawClient(port: server.port)
      try client.send("GET /missing HTTP/1.1\r\nHost: x\r\n\r\n")
      let missing = try client.readResponse()
      #expect(missing.statusLine == "HTTP/1.1 404 Not Found")
      #expect(missing.bodyText == "Not Found")
      try client.send("DELETE /form HTTP/1.1\r\nHost: x\r\n\r\n")
      let wrong = try client.readResponse()
      #expect(wrong.status == 405)
      #expect(wrong.header("Allow") == "POST")
    }
  }

  @Test func clientAddressAndDefaultHeaderOverride() throws {
    try withServer(Self.router()) { server in
      let client = try RawClient(port: server.port)
      try client.send("GET /client HTTP/1.1\r\nHost: x\r\n\r\n")
      #expect(try client.readResponse().bodyText == "127.0.0.1")
      try client.send("GET /nocache HTTP/1.1\r\nHost: x\r\n\r\n")
      let reply = try client.readResponse()
      #expect(reply.values("X-Content-Type-Options") == ["custom"])
      #expect(reply.header("Referrer-Policy") == "same-origin")
    }
  }

  @Test func headerValueWithLineBreakIsNotSent() throws {
    let log = LogRecorder()
    try withServer(Self.router(), log: log) { server in
      let client = try RawClient(port: server.port)
      try client.send("GET /inject?v=a%0D%0ASet-Cookie:+evil=1 HTTP/1.1\r\nHost: x\r\n\r\n")
      let reply = try client.readResponse()
      #expect(reply.status == 200)
      #expect(reply.values("Set-Cookie") == [])
      #expect(reply.values("X-Echo") == [])
    }
    #expect(log.all.contains { $0.contains("refused response header X-Echo") })
  }

  @Test func oversizedHeadersAreRefusedByLibmicrohttpd() throws {
    try withServer(Self.router(), configure: { $0.connectionMemoryLimit = 8 * 1024 }) { server in
      let client = try RawClient(port: server.port)
      let big = String(repeating: "v", count: 16 * 1024)
      try client.send("GET /hello/x HTTP/1.1\r\nHost: x\r\nX-Big: \(big)\r\n\r\n")
      let reply = try client.readResponse()
      #expect(reply.status == 431)
      #expect(client.isClosedByServer())
      // The server still answers afterwards.
      let other = try RawClient(port: server.port)
      try other.send("GET /hello/y HTTP/1.1\r\nHost: x\r\n\r\n")
      #expect(try other.readResponse().bodyText == "Hello y")
    }
  }

  @Test func overlongRequestLineIsRefusedByLibmicrohttpd() throws {
    try withServer(Self.router(), configure: { $0.connectionMemoryLimit = 8 * 1024 }) { server in
      let client = try RawClient(port: server.port)
      let long = String(repeating: "a", count: 16 * 1024)
      try client.send("GET /hello/\(long) HTTP/1.1\r\nHost: x\r\n\r\n")
      let reply = try client.readResponse()
      #expect(reply.status == 414)
      #expect(client.isClosedByServer())
    }
  }

  @Test func clientVanishingMidRequestReleasesItsState() throws {
    try withServer(Self.router()) { server in
      let headersOnly = try RawClient(port: server.port)
      try headersOnly.send("GET /hello/x HTTP/1.1\r\nHost:")
      let halfBody = try RawClient(port: server.port)
      try halfBody.send(
        "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
          + "Content-Length: 50\r\n\r\nname=")
      // Prove both requests reached the server before the clients go away.
      let probe = try RawClient(port: server.port)
      try probe.send("GET /hello/probe HTTP/1.1\r\nHost: x\r\n\r\n")
      #expect(try probe.readResponse().bodyText == "Hello probe")
      shutdown(headersOnly.socket, Int32(SHUT_RDWR))
      shutdown(halfBody.socket, Int32(SHUT_RDWR))
      // withServer then checks the stop drains: both states were released.
    }
  }

  @Test func expectContinueIsHonoured() throws {
    try withServer(Self.router()) { server in
      let client = try RawClient(port: server.port)
      let body = "name=Eve&score=3"
      try client.send(
        "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
          + "Expect: 100-continue\r\nContent-Length: \(body.utf8.count)\r\n\r\n")
      let interim = try client.readResponse(hasBody: false)
      #expect(interim.statusLine == "HTTP/1.1 100 Continue")
      try client.send(body)
      #expect(try client.readResponse().bodyText == "Eve|3")
    }
  }

  @Test func idleConnectionIsClosedAfterTheTimeout() throws {
    // Real time: libmicrohttpd's timeout cannot take an injected clock. One second, bounded.
    try withServer(Self.router(), configure: { $0.connectionTimeout = .seconds(1) }) { server in
      let client = try RawClient(port: server.port, timeoutSeconds: 10)
      try client.send("GET /hello/idle HTTP/1.1\r\nHost: x\r\n\r\n")
      #expect(try client.readResponse().bodyText == "Hello idle")
      let start = ContinuousClock.now
      #expect(try client.readToEnd().isEmpty)
      #expect(ContinuousClock.now - start < .seconds(5))
    }
  }

  @Test func concurrentClientsAreAllAnsweredCorrectly() throws {
    let threads = 8
    let requestsPerThread = 50
    try withServer(Self.router()) { server in
      let port = server.port
      let failures = Mutex<[String]>([])
      let answered = Counter()
      let group = DispatchGroup()
      for thread in 0..<threads {
        group.enter()
        Thread {
          defer { group.leave() }
          do {
            // Half the threads keep one connection; the others open one per request.
            var client = try RawClient(port: port)
            for index in 0..<requestsPerThread {
              if thread % 2 == 1 && index > 0 {
                client = try RawClient(port: port)
              }
              let name = "t\(thread)r\(index)"
              try client.send("GET /hello/\(name) HTTP/1.1\r\nHost: x\r\n\r\n")
              let reply = try client.readResponse()
              if reply.status == 200 && reply.bodyText == "Hello \(name)" {
                answered.increment()
              } else {
                failures.withLock { $0.append("\(name): \(reply.statusLine) \(reply.bodyText)") }
              }
            }
          } catch {
            failures.withLock { $0.append("thread \(thread): \(error)") }
          }
        }.start()
      }
      #expect(group.wait(timeout: .now() + 60) == .success)
      #expect(failures.withLock { $0 } == [])
      #expect(answered.count == threads * requestsPerThread)
    }
  }
}
