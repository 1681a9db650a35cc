import Foundation

/// A mail transport chosen by a URL, as in `NPS_MAIL_URL`.
///
/// - `smtp://user:pass@host:587?starttls=required` — SMTP; `starttls` is `required`, `optional`
///   or `none` (default: `required` with a username, else `optional`); port 25 by default.
///   User and password are percent-decoded.
/// - `smtps://user:pass@host:465` — SMTP with implicit TLS; port 465 by default.
/// - `file:///path/to/outbox` — write `.eml` files into that folder.
///
/// SMTP URLs also take `connect_timeout` and `timeout` (seconds), `helo` (the EHLO name) and
/// `tls_verify=false` (tests only). Unknown parameters are errors, so typos are not ignored.
public enum MailURL: Sendable, Hashable, CustomStringConvertible {
  case smtp(SMTPConfiguration)
  case outbox(folder: URL)

  /// The default when nothing is configured: an outbox folder `outbox` inside `dataDirectory`.
  public static func defaultOutbox(dataDirectory: URL) -> MailURL {
    .outbox(folder: dataDirectory.appendingPathComponent("outbox", isDirectory: true))
  }

  /// Parses a mail URL; throws ``MailURLError`` saying what is wrong (never echoing a password).
  public init(parsing text: String) throws(MailURLError) {
    guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased()
    else { throw .notAURL }
    switch scheme {
    case "file":
      guard components.host == nil || components.host == "" || components.host == "localhost"
      else { throw .invalid("a file URL must not name a host: use file:///absolute/path") }
      let path = components.percentEncodedPath.removingPercentEncoding ?? components.path
      guard path.hasPrefix("/"), path.count > 1 else {
        throw .invalid("a file URL needs an absolute folder path, e.g. file:///var/lib/nps/outbox")
      }
      guard components.queryItems == nil else { throw .invalid("a file URL takes no parameters") }
      self = .outbox(folder: URL(fileURLWithPath: path, isDirectory: true))
    case "smtp", "smtps":
      self = .smtp(try MailURL.smtpConfiguration(components, implicitTLS: scheme == "smtps"))
    default:
      throw .invalid("unsupported scheme \"\(scheme)\": use smtp://, smtps:// or file://")
    }
  }

  /// Makes the transport this URL describes.
  public func makeTransport() throws(MailSendError) -> any MailTransport {
    switch self {
    case .smtp(let configuration): try SMTPTransport(configuration: configuration)
    case .outbox(let folder): try OutboxTransport(folder: folder)
    }
  }

  public var description: String {
    switch self {
    case .smtp(let configuration): configuration.description
    case .outbox(let folder): "file://" + folder.path
    }
  }

  private static func smtpConfiguration(_ components: URLComponents, implicitTLS: Bool)
    throws(MailURLError) -> SMTPConfiguration
  {
    guard let host = components.host, !host.isEmpty else { throw .invalid("no host") }
    let plainHost = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
    guard components.path.isEmpty || components.path == "/" else {
      throw .invalid("an SMTP URL has no path; use ?helo= for the EHLO name")
    }
    var port = implicitTLS ? 465 : 25
    if let given = components.port {
      guard (1...65535).contains(given) else { throw .invalid("port out of range") }
      port = given
    }
    let username = components.percentEncodedUser.flatMap { $0.removingPercentEncoding }
    let password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
    if password != nil && username == nil { throw .invalid("a password needs a user name") }
    var configuration = SMTPConfiguration(
      host: plainHost, port: port, security: implicitTLS ? .implicitTLS : nil,
      username: username, password: password)
    for item in components.queryItems ?? [] {
      let value = item.value ?? ""
      switch item.name.lowercased() {
      case "starttls":
        guard !implicitTLS else { throw .invalid("starttls does not apply to smtps://") }
        switch value.lowercased() {
        case "required": configuration.security = .startTLSRequired
        case "optional": configuration.security = .startTLSOptional
        case "none": configuration.security = .none
        default: throw .invalid("starttls must be required, optional or none")
        }
      case "connect_timeout":
        configuration.connectTimeout = try seconds(value, name: "connect_timeout")
      case "timeout":
        configuration.totalTimeout = try seconds(value, name: "timeout")
      case "helo":
        guard !value.isEmpty,
          value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") })
        else { throw .invalid("helo must be a host name") }
        configuration.heloName = value
      case "tls_verify":
        switch value.lowercased() {
        case "true", "1": configuration.verifyTLS = true
        case "false", "0": configuration.verifyTLS = false
        default: throw .invalid("tls_verify must be true or false")
        }
      default:
        throw .invalid("unknown parameter \"\(item.name)\"")
      }
    }
    return configuration
  }

  private static func seconds(_ text: String, name: String) throws(MailURLError) -> Duration {
    guard let value = Double(text), value > 0, value <= 3600 else {
      throw .invalid("\(name) must be a number of seconds between 0 and 3600")
    }
    return .milliseconds(Int((value * 1000).rounded()))
  }
}

/// Why a mail URL cannot be used. The description never contains the URL's password.
public enum MailURLError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The text is not a URL at all.
  case notAURL
  /// The URL is not a valid mail URL; the text says why.
  case invalid(String)

  public var description: String {
    switch self {
    case .notAURL: "the mail URL is not a URL (expected smtp://, smtps:// or file://)"
    case .invalid(let reason): "invalid mail URL: \(reason)"
    }
  }
}
