import Dispatch
import Foundation
import Synchronization
import Testing

@testable import HTTPServer

@Suite struct ServerLifecycleTests {
  /// A handler that signals `entered`, then blocks until `release` is signalled.
  static func slowRouter(entered: DispatchSemaphore, release: DispatchSemaphore) -> Router {
    var router = Router()
    router.get("/slow") { _ in
      entered.signal()
      release.wait()
      return .text("slow done")
    }
    router.get("/fast") { _ in .text("fast") }
    return router
  }

  @Test func gracefulStopFinishesAnInFlightRequest() throws {
    let entered = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    let server = try HTTPServer(
      configuration: .init(address: "127.0.0.1", port: 0, threadPoolSize: 2),
      responder: Self.slowRouter(entered: entered, release: release).buildResponder(),
      logger: .disabled)
    let port = server.port
    let slow = try RawClient(port: port)
    try slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
    #expect(entered.wait(timeout: .now() + 10) == .success)
    #expect(server.inFlightRequests == 1)

    // Stop in the background; the hook releases the handler only once stop is waiting for it.
    let result = Mutex<HTTPServer.StopResult?>(nil)
    let stopped = DispatchSemaphore(value: 0)
    Thread {
      var hooks = HTTPServer.StopHooks()
      hooks.willWait = {
        // The listening socket is closed by now: a new connection is refused.
        let refused = (try? RawClient(port: port)) == nil
        #expect(refused)
        release.signal()
      }
      let outcome = server.stop(deadline: .now + .seconds(30), hooks: hooks)
      result.withLock { $0 = outcome }
      stopped.signal()
    }.start()

    let reply = try slow.readResponse()
    #expect(reply.status == 200)
    #expect(reply.bodyText == "slow done")
    #expect(reply.header("Connection")?.lowercased() == "close")
    #expect(stopped.wait(timeout: .now() + 30) == .success)
    #expect(result.withLock { $0 } == .drained)
    #expect(server.stop(timeout: .zero) == .alreadyStopped)
  }

  @Test func stopPastTheDeadlineReportsUnfinishedRequests() throws {
    let entered = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    let server = try HTTPServer(
      configuration: .init(address: "127.0.0.1", port: 0, threadPoolSize: 2),
      responder: Self.slowRouter(entered: entered, release: release).buildResponder(),
      logger: .disabled)
    let slow = try RawClient(port: server.port)
    try slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
    #expect(entered.wait(timeout: .now() + 10) == .success)
    var hooks = HTTPServer.StopHooks()
    // MHD_stop_daemon joins the pool threads, so the handler must be let go first.
    hooks.willStopDaemon = { release.signal() }
    let result = server.stop(deadline: .now, hooks: hooks)
    #expect(result == .deadlineExpired(unfinishedRequests: 1))
    #expect(server.inFlightRequests == 0)
  }

  @Test func idleKeepAliveConnectionDoesNotDelayStop() throws {
    let server = try HTTPServer(
      configuration: .init(address: "127.0.0.1", port: 0, threadPoolSize: 2),
      responder: Self.slowRouter(
        entered: DispatchSemaphore(value: 0), release: DispatchSemaphore(value: 0)
      )
      .buildResponder(),
      logger: .disabled)
    let client = try RawClient(port: server.port)
    try client.send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n")
    #expect(try client.readResponse().bodyText == "fast")
    #expect(server.openConnections == 1)
    #expect(server.stop(timeout: .seconds(30)) == .drained)
    #expect(server.openConnections == 0)
    #expect(client.isClosedByServer())
  }

  /// With and without `SO_REUSEADDR` (the default is with): a second server on a port in use
  /// fails to start. libmicrohttpd's "reuse" option had added `SO_REUSEPORT`, with which a
  /// second `nps serve` started on the same port and took half of the connections.
  @Test(arguments: [true, false])
  func portInUseFailsToStart(reuseAddress: Bool) throws {
    let first = try HTTPServer(
      configuration: .init(address: "127.0.0.1", port: 0, reuseAddress: reuseAddress),
      responder: Router().buildResponder(), logger: .disabled)
    defer { first.stop(timeout: .zero) }
    #expect(first.port != 0)
    #expect(throws: HTTPServerError.self) {
      _ = try HTTPServer(
        configuration: .init(address: "127.0.0.1", port: first.port, reuseAddress: reuseAddress),
        responder: Router().buildResponder(), logger: .disabled)
    }
  }

  /// `SO_REUSEADDR`: a restart binds the port at once, although the stopped server's closed
  /// connections are still in TIME_WAIT.
  @Test func restartBindsThePortAtOnce() throws {
    var router = Router()
    router.get("/ping") { _ in .text("pong") }
    let responder = router.buildResponder()
    let first = try HTTPServer(
      configuration: .init(address: "127.0.0.1", port: 0, threadPoolSize: 2),
      responder: responder, logger: .disabled)
    let port = first.port
    let client = try RawClient(port: port)
    try client.send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
    #expect(try client.readResponse().bodyText == "pong")
    // The server closes the connection, so its side of it waits in TIME_WAIT.
    #expect(first.stop(timeout: .seconds(5)) == .drained)
    let second = try HTTPServer(
      configuration: .init(address: "127.0.0.1", port: port, threadPoolSize: 2),
      responder: responder, logger: .disabled)
    defer { second.stop(timeout: .zero) }
    let again = try RawClient(port: port)
    try again.send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
    #expect(try again.readResponse().bodyText == "pong")
  }

  @Test func hostNameIsNotAnAddress() {
    #expect(throws: HTTPServerError.self) {
      _ = try HTTPServer(
        configuration: .init(address: "localhost", port: 0),
        responder: Router().buildResponder(), logger: .disabled)
    }
    do {
      _ = try HTTPServer(
        configuration: .init(address: "localhost", port: 0),
        responder: Router().buildResponder(), logger: .disabled)
    } catch {
      #expect(error.errorNumber == EINVAL)
    }
  }

  @Test func ipv6LoopbackWorks() throws {
    var router = Router()
    router.get("/") { request in .text(request.clientAddress) }
    let server = try HTTPServer(
      configuration: .init(address: "::1", port: 0), responder: router.buildResponder(),
      logger: .disabled)
    defer { server.stop(timeout: .seconds(5)) }
    #expect(server.port != 0)
  }

  @Test func shutdownSignalReturnsTheSignalReceived() {
    let shutdown = ShutdownSignal(signals: [SIGUSR2])
    #expect(shutdown.wait(timeout: .zero) == nil)
    kill(getpid(), SIGUSR2)
    #expect(shutdown.wait(timeout: .seconds(10)) == SIGUSR2)
    #expect(shutdown.wait() == SIGUSR2)
  }

  @Test func connectionTimeoutIsRoundedUpToSeconds() {
    #expect(
      HTTPServer.Configuration(connectionTimeout: .milliseconds(1500)).connectionTimeoutSeconds == 2
    )
    #expect(
      HTTPServer.Configuration(connectionTimeout: .seconds(30)).connectionTimeoutSeconds == 30)
    #expect(HTTPServer.Configuration(connectionTimeout: .zero).connectionTimeoutSeconds == 0)
  }
}
