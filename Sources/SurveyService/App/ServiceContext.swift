import Foundation
import HTTPServer
import Mail
import Storage

/// Everything a request handler or the worker needs, built once at start-up and shared
/// read-only between threads.
public struct ServiceContext: Sendable {
  public let configuration: ServiceConfiguration
  /// The one store implementation (SQLite or PostgreSQL behind it); features add their
  /// queries as `extension SQLStore` in their own files.
  public let store: SQLStore
  public let mail: any MailTransport
  public let clock: any ServiceClock
  public let secret: SecretKey
  public let logger: Logger
  /// The company's time zone (quiet hours fallback, reports).
  public let timeZone: TimeZone

  public init(
    configuration: ServiceConfiguration, store: SQLStore, mail: any MailTransport,
    clock: any ServiceClock = SystemClock(), secret: SecretKey,
    logger: Logger = .standardError(label: "nps")
  ) {
    self.configuration = configuration
    self.store = store
    self.mail = mail
    self.clock = clock
    self.secret = secret
    self.logger = logger
    self.timeZone = TimeZone(identifier: configuration.timeZone) ?? TimeZone(identifier: "UTC")!
  }

  /// The company name used when a survey has no brand or sender name (`NPS_COMPANY_NAME`,
  /// else the host of the public base URL), never a survey's internal name.
  public var defaultCompanyName: String { configuration.companyName }

  /// An absolute link on the public base URL, e.g. `url("/s/TOKEN/9")`.
  public func url(_ path: String) -> String { configuration.publicBase + path }
}
