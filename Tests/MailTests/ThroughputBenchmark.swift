import Foundation
import Testing

@testable import Mail

/// Messages per second through SMTPTransport into Postfix's smtp-sink, which accepts and discards
/// mail as fast as it can. Runs only with NPS_MAIL_BENCH=1 (and smtp-sink installed):
/// `NPS_MAIL_BENCH=1 swift test --filter ThroughputBenchmark`.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["NPS_MAIL_BENCH"] == "1"))
struct ThroughputBenchmark {
  @Test(.timeLimit(.minutes(2)), arguments: [1, 4])
  func messagesPerSecond(transports: Int) async throws {
    let port = try SMTPTransportTests.closedPort()
    let sink = Process()
    sink.executableURL = URL(fileURLWithPath: "/usr/sbin/smtp-sink")
    sink.arguments = ["-u", "nobody", "127.0.0.1:\(port)", "256"]
    sink.standardOutput = FileHandle.nullDevice
    sink.standardError = FileHandle.nullDevice
    try sink.run()
    // smtp-sink ignores SIGTERM.
    defer { kill(sink.processIdentifier, SIGKILL) }
    try await Task.sleep(for: .milliseconds(300))  // let it bind; a readiness probe follows
    let configuration = SMTPConfiguration(
      host: "127.0.0.1", port: port, security: SMTPConfiguration.Security.none)
    try SMTPTransport(configuration: configuration).send(try Fixtures.message())

    let perTransport = 2000 / transports
    let message = try Fixtures.message()
    let bytes = try message.rendered().count
    let renderStart = ContinuousClock.now
    for _ in 0..<200 { _ = try message.rendered() }
    print("render: \((ContinuousClock.now - renderStart) / 200) per message")
    let started = ContinuousClock.now
    let opened = try await withThrowingTaskGroup(of: Int.self) { group in
      for _ in 0..<transports {
        group.addTask {
          let transport = try SMTPTransport(configuration: configuration)
          for _ in 0..<perTransport { try transport.send(message) }
          return transport.connectionsOpened
        }
      }
      return try await group.reduce(0, +)
    }
    let elapsed = ContinuousClock.now - started
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = Double(perTransport * transports) / seconds
    print(
      "smtp-sink: \(transports) transport(s), \(perTransport * transports) messages of \(bytes) bytes "
        + "in \(elapsed): \(Int(rate)) msg/s, \(opened) connection(s)")
    #expect(opened == transports)
  }
}
