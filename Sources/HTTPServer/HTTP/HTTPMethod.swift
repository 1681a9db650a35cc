/// An HTTP request method such as `GET` or `POST`.
///
/// A struct rather than an enum so that extension methods arrive as values, not as failures.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  /// The method token as sent, e.g. `"GET"` (methods are case-sensitive).
  public let rawValue: String

  /// Wraps a method token.
  public init(rawValue: String) {
    self.rawValue = rawValue
  }

  /// Wraps a method token.
  public init(_ rawValue: String) {
    self.rawValue = rawValue
  }

  public var description: String { rawValue }

  public static let get = HTTPMethod("GET")
  public static let head = HTTPMethod("HEAD")
  public static let post = HTTPMethod("POST")
  public static let put = HTTPMethod("PUT")
  public static let patch = HTTPMethod("PATCH")
  public static let delete = HTTPMethod("DELETE")
  public static let options = HTTPMethod("OPTIONS")
}
