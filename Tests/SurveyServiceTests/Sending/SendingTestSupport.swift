import Foundation
import HTTPServer
import Mail
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
    _ body: (ServiceContext, ManualClock) throws -> Void
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
        secret: SecretKey(bytes: Array(repeating: 7, count: 32)), logger: .disabled)
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

  /// Runs a program and returns its standard output; throws on a non-zero exit.
  static func run(_ executable: String, _ arguments: [String]) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw SendingTestFailure(
        message: "\(executable) exited \(process.terminationStatus): "
          + String(decoding: errorData, as: UTF8.self))
    }
    return data
  }

  /// Parses every .eml in the folders with scripts/mail-check.py (Python's email package).
  static func check(_ folders: [URL]) throws -> [SendingCheckedMail] {
    let output = try run(
      "/usr/bin/python3",
      [repositoryRoot.appendingPathComponent("scripts/mail-check.py").path] + folders.map(\.path))
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode([SendingCheckedMail].self, from: output)
  }
}

struct SendingTestFailure: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}

/// The checker's view of one message (see scripts/mail-check.py).
struct SendingCheckedMail: Decodable {
  struct Anchor: Decodable {
    var href: String?
    var ariaLabel: String?
    var text: String
  }
  var file: String
  var defects: [String]
  var subject: String?
  var fromName: String?
  var fromAddress: String?
  var to: [[String]]
  var messageId: String?
  var date: String?
  var listUnsubscribe: String?
  var listUnsubscribePost: String?
  var partTypes: [String]
  var text: String?
  var html: String?
  var textLinks: [String]
  var htmlLinks: [String]
  var htmlAnchors: [Anchor]
}

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

/// scripts/smtp-test-server.py (aiosmtpd) on a free loopback port, as the Mail tests run it.
/// Recipients starting with `reject` get 550, with `tempfail` 451.
final class SendingSMTPServer {
  let folder: URL
  let port: Int
  private let process: Process
  private let input: Pipe

  init() throws {
    folder = try SendingTest.temporaryFolder("smtp")
    process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = [
      SendingTest.repositoryRoot.appendingPathComponent("scripts/smtp-test-server.py").path,
      folder.path,
    ]
    input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    var line = Data()
    while !line.contains(0x0A) {
      let chunk = output.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      line.append(chunk)
    }
    guard
      let port = Int(
        String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    else {
      process.terminate()
      throw SendingTestFailure(message: "the SMTP test server did not start")
    }
    self.port = port
  }

  func stop() {
    guard process.isRunning else { return }
    try? input.fileHandleForWriting.close()
    process.waitUntilExit()
  }

  deinit {
    stop()
    try? FileManager.default.removeItem(at: folder)
  }

  func transport() throws -> SMTPTransport {
    try SMTPTransport(
      configuration: SMTPConfiguration(
        host: "127.0.0.1", port: port, security: SMTPConfiguration.Security.none,
        connectTimeout: .seconds(5), totalTimeout: .seconds(20)))
  }

  func received() throws -> [SendingCheckedMail] { try SendingTest.check([folder]) }

  var messageCount: Int {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
      .filter { $0.hasSuffix(".eml") && !$0.hasPrefix(".") }.count
  }
}
