import Dispatch
import Foundation
import Synchronization
import Testing

@testable import HTTPServer

/// Collects log lines so tests can check what went to the log (and what did not go to the
/// client).
final class LogRecorder: Sendable {
  let lines = Mutex<[String]>([])

  var logger: Logger {
    Logger(minimumLevel: .debug) { [self] level, message in
      lines.withLock { $0.append("\(level) \(message)") }
    }
  }

  var all: [String] { lines.withLock { $0 } }
}

/// A server on 127.0.0.1 and a kernel-chosen port for one test, stopped afterwards.
/// The stop must drain: every request state was released.
func withServer(
  _ router: Router,
  configure: (inout HTTPServer.Configuration) -> Void = { _ in },
  log: LogRecorder = LogRecorder(),
  _ body: (HTTPServer) throws -> Void
) throws {
  var configuration = HTTPServer.Configuration(address: "127.0.0.1", port: 0, threadPoolSize: 4)
  configure(&configuration)
  let server = try HTTPServer(
    configuration: configuration, responder: router.buildResponder(), logger: log.logger)
  do {
    try body(server)
  } catch {
    server.stop(timeout: .seconds(5))
    throw error
  }
  // Generous: the point is that every request's state is released, not how fast. On a loaded
  // two-core machine (the whole suite in parallel beside a release build) noticing a client
  // that vanished mid-request once took longer than 5 s.
  let result = server.stop(timeout: .seconds(30))
  #expect(result == .drained)
  #expect(server.inFlightRequests == 0)
}

/// A counter handlers can bump from any thread.
final class Counter: Sendable {
  private let value = Atomic<Int>(0)
  func increment() { value.add(1, ordering: .relaxed) }
  var count: Int { value.load(ordering: .relaxed) }
}
