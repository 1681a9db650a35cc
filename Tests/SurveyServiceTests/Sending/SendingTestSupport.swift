import Foundation
import HTTPServer
import Mail
import MailTesting
import Storage
import StoreTesting
import Synchronization
import Testing

@testable import SurveyService

/// Helpers of the sending tests (names start with `Sending` because the test target is shared).
enum SendingTest {
  static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// 2026-03-02 12:00:00 UTC, a Monday.
  static let start = Date(timeIntervalSince1970: 1_772_452_800)

  static func temporaryFolder(_ label: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("sending-tests-\(label)-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// A context on a fresh store of `kind` with a manual clock, running `body`.
  static func withContext(
    _ kind: StoreKind, mail: (any MailTransport)? = nil, clock: ManualClock = ManualClock(start),
    logger: Logger = .disabled, _ body: (ServiceContext, ManualClock) throws -> Void
  ) throws {
    try withTestDatabaseURL(kind) { url in
      let store = try StoreFactory.open(url: url, migrate: true)
      defer { store.close() }
      let outbox = try temporaryFolder("outbox")
      defer { try? FileManager.default.removeItem(at: outbox) }
      let configuration = ServiceConfiguration(
        dataDirectory: outbox.path, databaseURL: url, mailURL: "file://" + outbox.path,
        baseURL: "https://nps.example.com", timeZone: "Europe/Berlin",
        mailFrom: "surveys@nps.example.com")
      let transport = try mail ?? OutboxTransport(folder: outbox)
      let context = ServiceContext(
        configuration: configuration, store: store, mail: transport, clock: clock,
        secret: SecretKey(bytes: Array(repeating: 7, count: 32)), logger: logger)
      try body(context, clock)
    }
  }

  /// Sets the default survey's sending rules (no delay, no quiet hours unless given).
  static func configureDefault(
    _ context: ServiceContext, delay: Int = 0, throttleDays: Int = 90, sampleRate: Double = 1,
    quiet: (Int, Int)? = nil, reminderDays: Int = 3
  ) throws {
    var survey = try #require(try context.store.survey(slug: "default"))
    survey.delayMinutes = delay
    survey.throttleDays = throttleDays
    survey.sampleRate = sampleRate
    survey.quietStartMinute = quiet?.0
    survey.quietEndMinute = quiet?.1
    survey.reminderDays = reminderDays
    survey.brandName = "Zoë’s Café"
    try context.store.updateSurvey(survey, now: start)
  }

  static func input(
    _ email: String, _ id: String, at: Date = start, name: String? = nil, locale: String? = nil,
    timeZone: String? = nil
  ) -> InteractionInput {
    InteractionInput(
      email: email, name: name, locale: locale, timeZone: timeZone, occurredAt: at,
      externalID: id)
  }

  /// Worker options for tests: short leases and retries, small batches.
  static var workerOptions: SendWorker.Options {
    var options = SendWorker.Options()
    options.leaseSeconds = 30
    options.retryDelay = 60
    options.maxAttempts = 4
    options.batchSize = 50
    options.pollInterval = .milliseconds(20)
    return options
  }

  /// Parses every .eml in the folders with scripts/mail-check.py (Python's email package).
  static func check(_ folders: [URL]) throws -> [SendingCheckedMail] {
    try MailCheck.run(folders)
  }
}

/// A logger that keeps every line, for tests that check what was logged.
final class SendingLogLines: Sendable {
  private let lines = Mutex<[(Logger.Level, String)]>([])

  var logger: Logger {
    Logger(minimumLevel: .debug) { [self] level, message in
      lines.withLock { $0.append((level, message)) }
    }
  }

  /// The messages logged at `level`, in order.
  func messages(at level: Logger.Level) -> [String] {
    lines.withLock { $0.filter { $0.0 == level }.map(\.1) }
  }

  /// Every line, all levels.
  var all: String { lines.withLock { $0.map(\.1).joined(separator: "\n") } }
}

/// The checker's view of one message (MailTesting's `CheckedMail`).
typealias SendingCheckedMail = CheckedMail

/// scripts/smtp-test-server.py (aiosmtpd) on a free loopback port (MailTesting's server).
typealias SendingSMTPServer = SMTPTestServer

/// A transport the test can switch between "down" (every send fails as a connection error
/// would) and a real transport; counts what it forwarded.
final class SendingSwitchableTransport: MailTransport {
  private let state: Mutex<(any MailTransport)?>

  init(_ transport: (any MailTransport)?) { state = Mutex(transport) }

  func set(_ transport: (any MailTransport)?) { state.withLock { $0 = transport } }

  func send(_ message: MailMessage) throws(MailSendError) {
    guard let transport = state.withLock({ $0 }) else {
      throw MailSendError(kind: .temporary, detail: "test: mail server down")
    }
    try transport.send(message)
  }
}
