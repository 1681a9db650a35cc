import Foundation
import Storage

/// How the service runs. Every field has a default that serves a single machine; each can be
/// set by an environment variable or by a `--config` JSON file (environment wins).
public struct ServiceConfiguration: Sendable, Equatable {
  /// Folder for the SQLite file, the outbox and the secret key. `NPS_DATA_DIR`, default `./data`.
  public var dataDirectory: String
  /// `NPS_DATABASE_URL`: `sqlite:///path/file.db` or `postgres://user:pass@host:port/db`.
  /// Default: `nps.sqlite` in the data folder.
  public var databaseURL: String
  /// `NPS_MAIL_URL`: `smtp://`, `smtps://` or `file:///folder`. Default: `outbox/` in the data folder.
  public var mailURL: String
  /// `NPS_BASE_URL`: the public address people reach, used in links. Default from `listen`.
  public var baseURL: String
  /// `NPS_LISTEN`: `host:port` the HTTP server binds. Default `127.0.0.1:8080`.
  public var listen: String
  /// `NPS_TIME_ZONE`: the company's IANA time zone, for quiet hours and reports. Default `UTC`.
  public var timeZone: String
  /// `NPS_MAIL_FROM`: the sender address of survey emails. Default `surveys@` the base host.
  public var mailFrom: String
  /// `NPS_HTTP_THREADS`: the HTTP server's worker threads. Default ``defaultHTTPThreads``.
  public var httpThreads: Int

  /// Eight per core, from 8 to 256 (16 on 2 cores). A request that writes waits on its thread
  /// until its group's transaction commits (see `GroupCommit`); with more threads waiting, more
  /// writes share one transaction, while each waiting thread costs only its stack.
  public static var defaultHTTPThreads: Int {
    min(256, max(8, 8 * ProcessInfo.processInfo.activeProcessorCount))
  }
  /// `NPS_COMPANY_NAME`: the name in "how likely are you to recommend {Company}" when a survey
  /// has no brand name of its own. Default: the host of the base URL.
  public var companyName: String
  /// `NPS_SECRET_KEY_FILE`: a 32-byte secret key file shared by every node of a deployment
  /// (links made by one node are checked by another). Must exist when set. Default (nil):
  /// `secret.key` in the data folder, created on first start.
  public var secretKeyFile: String?
  /// The tuning settings (`NPS_API_RATE`, `NPS_WORKER_BATCH`, ...); nil fields keep each
  /// part's default.
  public var tuning: TuningSettings

  public init(
    dataDirectory: String = "data", databaseURL: String? = nil, mailURL: String? = nil,
    baseURL: String? = nil, listen: String = "127.0.0.1:8080", timeZone: String = "UTC",
    mailFrom: String? = nil, httpThreads: Int = ServiceConfiguration.defaultHTTPThreads,
    companyName: String? = nil, secretKeyFile: String? = nil, tuning: TuningSettings = .init()
  ) {
    self.dataDirectory = dataDirectory
    self.databaseURL = databaseURL ?? "sqlite://" + Self.absolute(dataDirectory + "/nps.sqlite")
    self.mailURL = mailURL ?? "file://" + Self.absolute(dataDirectory + "/outbox")
    self.listen = listen
    self.baseURL = baseURL ?? "http://" + listen
    self.timeZone = timeZone
    self.mailFrom = mailFrom ?? "surveys@" + (URL(string: self.baseURL)?.host ?? "localhost")
    self.httpThreads = max(1, httpThreads)
    self.companyName = companyName ?? URL(string: self.baseURL)?.host ?? "us"
    self.secretKeyFile = secretKeyFile
    self.tuning = tuning
  }

  /// Reads the configuration: defaults, then the JSON file, then the environment, then
  /// `listen` (a command-line `--listen`). The file takes every setting the environment does
  /// (``Key`` and the ``TuningSettings``), as the variable's name in snake case without `NPS_`
  /// (`NPS_API_RATE` is `api_rate`), and refuses any other key. Both go through the same checks.
  /// The settings derived from others (the base URL from the listen address, the sender and
  /// company name from the base URL) follow the final values.
  public static func load(
    environment: [String: String] = ProcessInfo.processInfo.environment, configFile: String? = nil,
    listen: String? = nil
  ) throws(ConfigurationError) -> ServiceConfiguration {
    // Every value keyed by its environment variable, and which of them came from the file.
    var values: [String: String] = [:]
    var fromFile: Set<String> = []
    if let configFile {
      for (name, value) in try fileValues(configFile) {
        values[name] = value
        fromFile.insert(name)
      }
    }
    for name in settingNames {
      if let value = environment[name], !value.isEmpty {
        values[name] = value
        fromFile.remove(name)
      }
    }
    if let listen {
      values[Key.listen.environmentName] = listen
      fromFile.remove(Key.listen.environmentName)
    }
    /// The setting as the person wrote it: the variable, or the key in the file.
    func label(_ name: String, _ fileKey: String) -> String {
      guard let configFile, fromFile.contains(name) else { return name }
      return "\(fileKey) in \(configFile)"
    }
    let tuning = try TuningSettings(values: values, label: label)
    func value(_ key: Key) -> String? {
      values[key.environmentName].flatMap { $0.isEmpty ? nil : $0 }
    }
    var threads: Int?
    if let text = value(.httpThreads) {
      guard let number = Int(text), (1...256).contains(number) else {
        throw ConfigurationError(
          "\(label(Key.httpThreads.environmentName, Key.httpThreads.rawValue)) must be a number "
            + "from 1 to 256, got \"\(text)\"")
      }
      threads = number
    }
    let configuration = ServiceConfiguration(
      dataDirectory: value(.dataDirectory) ?? "data", databaseURL: value(.databaseURL),
      mailURL: value(.mailURL), baseURL: value(.baseURL),
      listen: value(.listen) ?? "127.0.0.1:8080", timeZone: value(.timeZone) ?? "UTC",
      mailFrom: value(.mailFrom), httpThreads: threads ?? Self.defaultHTTPThreads,
      companyName: value(.companyName), secretKeyFile: value(.secretKeyFile), tuning: tuning)
    try configuration.validate()
    return configuration
  }

  /// Every environment variable the configuration reads.
  static var settingNames: [String] {
    Key.allCases.map(\.environmentName) + TuningSettings.rules.map(\.name)
  }

  /// The values of a JSON config file keyed by environment variable; throws for a file that
  /// cannot be read, is not a JSON object, has a key that is no setting, or a value that is
  /// neither a string nor a number.
  static func fileValues(_ path: String) throws(ConfigurationError) -> [String: String] {
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
      throw ConfigurationError("cannot read config file \(path)")
    }
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw ConfigurationError("config file \(path) is not a JSON object")
    }
    let names = Dictionary(
      uniqueKeysWithValues: Key.allCases.map { ($0.rawValue, $0.environmentName) }
        + TuningSettings.rules.map { ($0.fileKey, $0.name) })
    var values: [String: String] = [:]
    for (key, value) in object.sorted(by: { $0.key < $1.key }) {
      guard let name = names[key] else {
        throw ConfigurationError(
          "config file \(path): unknown key \"\(key)\" (known: "
            + names.keys.sorted().joined(separator: ", ") + ")")
      }
      switch value {
      case let text as String: values[name] = text
      case let number as NSNumber: values[name] = number.stringValue
      default:
        throw ConfigurationError("config file \(path): \(key) must be a string or a number")
      }
    }
    return values
  }

  /// Checks the fields that can be checked without connecting anywhere.
  public func validate() throws(ConfigurationError) {
    guard TimeZone(ianaName: timeZone) != nil else {
      throw ConfigurationError(
        "NPS_TIME_ZONE: \"\(timeZone)\" is not \(TimeZone.ianaNameHint)")
    }
    // The listen address first: the default base URL is made from it.
    guard let address = try? ListenAddress(parsing: listen) else {
      throw ConfigurationError("NPS_LISTEN (or --listen) must be HOST:PORT, got \"\(listen)\"")
    }
    // The base URL made from the listen address goes into every link of every email: it must
    // be an address people can reach, which "all addresses" and "any port" are not.
    if baseURL == "http://" + listen,
      address.port == 0 || ["0.0.0.0", "::"].contains(address.host)
    {
      throw ConfigurationError(
        "NPS_BASE_URL must be set when NPS_LISTEN (or --listen) is \"\(listen)\": the links "
          + "in emails need the address people reach, e.g. NPS_BASE_URL=https://nps.example.com")
    }
    guard let base = URL(string: baseURL), base.scheme == "http" || base.scheme == "https",
      base.host != nil
    else {
      throw ConfigurationError("NPS_BASE_URL must be an http(s) URL, got \"\(baseURL)\"")
    }
  }

  /// The base URL without a trailing slash.
  public var publicBase: String {
    baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
  }

  private static func absolute(_ path: String) -> String {
    path.hasPrefix("/")
      ? path : FileManager.default.currentDirectoryPath + "/" + path
  }

  enum Key: String, CaseIterable {
    case dataDirectory = "data_dir"
    case databaseURL = "database_url"
    case mailURL = "mail_url"
    case baseURL = "base_url"
    case listen
    case timeZone = "time_zone"
    case mailFrom = "mail_from"
    case httpThreads = "http_threads"
    case companyName = "company_name"
    case secretKeyFile = "secret_key_file"

    var environmentName: String { "NPS_" + rawValue.uppercased() }
  }
}

/// A `host:port` to listen on.
public struct ListenAddress: Sendable, Equatable {
  public let host: String
  public let port: UInt16

  public init(parsing text: String) throws(ConfigurationError) {
    guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...])
    else { throw ConfigurationError("listen address must be HOST:PORT, got \"\(text)\"") }
    var host = String(text[..<colon])
    if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    // The server binds numeric addresses only; `localhost` is the loopback address.
    self.host = host.isEmpty ? "0.0.0.0" : host.lowercased() == "localhost" ? "127.0.0.1" : host
    self.port = port
  }
}

/// A configuration value that cannot work; the message names the setting.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
  public let message: String
  /// True when the configuration may be right but what it names cannot be reached now (the
  /// database, the listening port); false for a setting that is wrong.
  public let unavailable: Bool
  /// The store's own error when opening the database failed, so a command can give the exit
  /// status it gives everywhere else for it (75 locked, 74 full, 69 unreachable).
  public let storageError: StorageError?
  public init(_ message: String, unavailable: Bool = false, storageError: StorageError? = nil) {
    self.message = message
    self.unavailable = unavailable
    self.storageError = storageError
  }
  public var description: String { message }
}
