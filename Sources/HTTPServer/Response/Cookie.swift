import Foundation

/// A cookie to send with `Set-Cookie`.
///
/// Names must be RFC 6265 tokens and values cookie-octets (no spaces, quotes, commas,
/// semicolons or backslashes): encode anything else (e.g. base64url) before making a cookie.
public struct Cookie: Sendable, Equatable {
  /// The `SameSite` attribute.
  public enum SameSite: String, Sendable {
    case strict = "Strict"
    case lax = "Lax"
    case none = "None"
  }

  /// Why a cookie could not be made.
  public struct InvalidCookie: Error, Equatable, CustomStringConvertible {
    /// Which part was invalid: `name`, `value`, `path` or `domain`.
    public let part: String
    public var description: String { "Invalid cookie \(part)" }
  }

  public let name: String
  public let value: String
  /// `Path`; nil omits it (the browser then uses the request's directory).
  public var path: String?
  /// `Domain`; nil (the default) keeps the cookie to this host only.
  public var domain: String?
  /// `Max-Age` in seconds; 0 or less asks the browser to delete the cookie.
  public var maxAge: Int?
  /// `Expires`, rendered as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`).
  public var expires: Date?
  /// `Secure`: only sent over HTTPS.
  public var secure: Bool
  /// `HttpOnly`: hidden from scripts.
  public var httpOnly: Bool
  /// `SameSite`; nil omits it.
  public var sameSite: SameSite?

  /// A cookie; defaults are the safe ones: `Path=/`, `HttpOnly`, `SameSite=Lax`, not `Secure`
  /// (set `secure` when serving over HTTPS). Throws when the name, value, path or domain holds
  /// characters that cannot appear in `Set-Cookie`.
  public init(
    name: String, value: String, path: String? = "/", domain: String? = nil,
    maxAge: Int? = nil, expires: Date? = nil, secure: Bool = false, httpOnly: Bool = true,
    sameSite: SameSite? = .lax
  ) throws(InvalidCookie) {
    guard !name.isEmpty, name.utf8.allSatisfy(Self.isTokenByte) else {
      throw InvalidCookie(part: "name")
    }
    guard value.utf8.allSatisfy(Self.isCookieOctet) else { throw InvalidCookie(part: "value") }
    guard path?.utf8.allSatisfy(Self.isAttributeByte) ?? true else {
      throw InvalidCookie(part: "path")
    }
    guard domain?.utf8.allSatisfy(Self.isAttributeByte) ?? true else {
      throw InvalidCookie(part: "domain")
    }
    self.name = name
    self.value = value
    self.path = path
    self.domain = domain
    self.maxAge = maxAge
    self.expires = expires
    self.secure = secure
    self.httpOnly = httpOnly
    self.sameSite = sameSite
  }

  /// A cookie that deletes `name` in the browser (empty value, `Max-Age=0`, epoch `Expires`).
  public static func removal(
    name: String, path: String? = "/", domain: String? = nil, secure: Bool = false
  ) throws(InvalidCookie) -> Cookie {
    try Cookie(
      name: name, value: "", path: path, domain: domain, maxAge: 0,
      expires: Date(timeIntervalSince1970: 0), secure: secure)
  }

  /// The value of a `Set-Cookie` field.
  public var headerValue: String {
    var parts = ["\(name)=\(value)"]
    if let path { parts.append("Path=\(path)") }
    if let domain { parts.append("Domain=\(domain)") }
    if let maxAge { parts.append("Max-Age=\(maxAge)") }
    if let expires { parts.append("Expires=\(HTTPDate.format(expires))") }
    if secure { parts.append("Secure") }
    if httpOnly { parts.append("HttpOnly") }
    if let sameSite { parts.append("SameSite=\(sameSite.rawValue)") }
    return parts.joined(separator: "; ")
  }

  /// RFC 7230 tchar.
  static func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "A")...UInt8(ascii: "Z"):
      true
    default:
      Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
    }
  }

  /// RFC 6265 cookie-octet.
  static func isCookieOctet(_ byte: UInt8) -> Bool {
    byte == 0x21 || (0x23...0x2B).contains(byte) || (0x2D...0x3A).contains(byte)
      || (0x3C...0x5B).contains(byte) || (0x5D...0x7E).contains(byte)
  }

  /// Visible ASCII except `;` (RFC 6265 av-octet, made stricter by excluding space).
  static func isAttributeByte(_ byte: UInt8) -> Bool {
    (0x21...0x7E).contains(byte) && byte != UInt8(ascii: ";")
  }
}
