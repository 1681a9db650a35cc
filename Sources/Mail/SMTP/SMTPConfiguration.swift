/// Where and how ``SMTPTransport`` connects.
///
/// ``description`` never shows the password.
public struct SMTPConfiguration: Sendable, Hashable, CustomStringConvertible {
  /// How the connection is protected.
  public enum Security: String, Sendable, Hashable {
    /// Plain SMTP, no TLS (only for loopback test servers and local relays).
    case none
    /// Upgrade with STARTTLS when the server offers it, else continue in plain text.
    case startTLSOptional
    /// Upgrade with STARTTLS or fail (permanently) before sending anything.
    case startTLSRequired
    /// TLS from the first byte (`smtps://`, usually port 465).
    case implicitTLS
  }

  /// Host name or IP address (IPv6 without brackets).
  public var host: String
  /// TCP port.
  public var port: Int
  /// TLS mode.
  public var security: Security
  /// Login name for SMTP AUTH, nil for none.
  public var username: String?
  /// Password for SMTP AUTH.
  public var password: String?
  /// Longest wait for the TCP (and TLS) connection.
  public var connectTimeout: Duration
  /// Longest time one message may take, connection included.
  public var totalTimeout: Duration
  /// The name sent in EHLO; nil lets curl choose.
  public var heloName: String?
  /// Verify the server's certificate and host name (leave on outside tests).
  public var verifyTLS: Bool

  /// Creates a configuration. Defaults: STARTTLS required when a username is given, optional
  /// otherwise; 10 s to connect; 60 s per message; certificates verified.
  public init(
    host: String, port: Int = 25, security: Security? = nil, username: String? = nil,
    password: String? = nil, connectTimeout: Duration = .seconds(10),
    totalTimeout: Duration = .seconds(60), heloName: String? = nil, verifyTLS: Bool = true
  ) {
    self.host = host
    self.port = port
    self.security = security ?? (username == nil ? .startTLSOptional : .startTLSRequired)
    self.username = username
    self.password = password
    self.connectTimeout = connectTimeout
    self.totalTimeout = totalTimeout
    self.heloName = heloName
    self.verifyTLS = verifyTLS
  }

  /// The URL curl connects to: `smtp://host:port/helo` or `smtps://...`, without credentials.
  var curlURL: String {
    let scheme = security == .implicitTLS ? "smtps" : "smtp"
    let hostPart = host.contains(":") ? "[\(host)]" : host
    return "\(scheme)://\(hostPart):\(port)/" + (heloName ?? "")
  }

  public var description: String {
    let user = username.map { "\($0):***@" } ?? ""
    let scheme = security == .implicitTLS ? "smtps" : "smtp"
    return "\(scheme)://\(user)\(host):\(port) (\(security.rawValue))"
  }
}

extension Duration {
  /// Whole milliseconds, at least 1 (curl treats 0 as "no timeout").
  var curlMilliseconds: Int {
    let (seconds, attoseconds) = components
    return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
  }
}
