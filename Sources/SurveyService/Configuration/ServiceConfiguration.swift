import Foundation

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

  public init(
    dataDirectory: String = "data", databaseURL: String? = nil, mailURL: String? = nil,
    baseURL: String? = nil, listen: String = "127.0.0.1:8080", timeZone: String = "UTC",
    mailFrom: String? = nil, httpThreads: Int = ServiceConfiguration.defaultHTTPThreads,
    companyName: String? = nil, secretKeyFile: String? = nil
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
  }

  /// Reads the configuration: defaults, then the JSON file, then the environment, then
  /// `listen` (a command-line `--listen`). The settings derived from others (the base URL from
  /// the listen address, the sender and company name from the base URL) follow the final
  /// values.
  public static func load(
    environment: [String: String] = ProcessInfo.processInfo.environment, configFile: String? = nil,
    listen: String? = nil
  ) throws(ConfigurationError) -> ServiceConfiguration {
    var values: [String: String] = [:]
    if let configFile {
      let data: Data
      do { data = try Data(contentsOf: URL(fileURLWithPath: configFile)) } catch {
        throw ConfigurationError("cannot read config file \(configFile)")
      }
      guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw ConfigurationError("config file \(configFile) is not a JSON object")
      }
      for (key, value) in object {
        guard let name = Key(rawValue: key) else {
          throw ConfigurationError(
            "config file \(configFile): unknown key \"\(key)\" (known: "
              + Key.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        switch value {
        case let text as String: values[name.rawValue] = text
        case let number as NSNumber: values[name.rawValue] = number.stringValue
        default: throw ConfigurationError("config file \(configFile): \(key) must be a string")
        }
      }
    }
    for key in Key.allCases {
      if let value = environment[key.environmentName], !value.isEmpty {
        values[key.rawValue] = value
      }
    }
    if let listen { values[Key.listen.rawValue] = listen }
    try TuningSettings.check(environment)
    var threads: Int?
    if let text = values[Key.httpThreads.rawValue] {
      guard let number = Int(text), (1...256).contains(number) else {
        throw ConfigurationError("NPS_HTTP_THREADS must be a number from 1 to 256, got \"\(text)\"")
      }
      threads = number
    }
    let configuration = ServiceConfiguration(
      dataDirectory: values[Key.dataDirectory.rawValue] ?? "data",
      databaseURL: values[Key.databaseURL.rawValue], mailURL: values[Key.mailURL.rawValue],
      baseURL: values[Key.baseURL.rawValue],
      listen: values[Key.listen.rawValue] ?? "127.0.0.1:8080",
      timeZone: values[Key.timeZone.rawValue] ?? "UTC", mailFrom: values[Key.mailFrom.rawValue],
      httpThreads: threads ?? Self.defaultHTTPThreads,
      companyName: values[Key.companyName.rawValue],
      secretKeyFile: values[Key.secretKeyFile.rawValue])
    try configuration.validate()
    return configuration
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
  public init(_ message: String, unavailable: Bool = false) {
    self.message = message
    self.unavailable = unavailable
  }
  public var description: String { message }
}
