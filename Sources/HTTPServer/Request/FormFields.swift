/// Ordered name/value pairs from a query string or an `application/x-www-form-urlencoded` body.
///
/// Names may repeat (`tag=a&tag=b`); the subscript returns the first value.
public struct FormFields: Sendable, Equatable, Sequence {
  /// One decoded pair.
  public struct Item: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
      self.name = name
      self.value = value
    }
  }

  /// The pairs in the order they were sent.
  public var items: [Item]

  /// The given pairs.
  public init(_ items: [Item] = []) {
    self.items = items
  }

  /// Decodes `a=1&b=x+y` (`+` is a space, `%XX` escapes are UTF-8). A name without `=` has an
  /// empty value. Throws `400 Bad Request` on a malformed escape or invalid UTF-8.
  public init(urlEncoded string: String) throws(HTTPError) {
    try self.init(urlEncodedBytes: Array(string.utf8))
  }

  /// Decodes form bytes; see `init(urlEncoded:)`.
  public init(urlEncodedBytes bytes: [UInt8]) throws(HTTPError) {
    guard let pairs = PercentDecoding.decodeForm(bytes) else {
      throw HTTPError.badRequest("Malformed URL-encoded data")
    }
    items = pairs.map { Item(name: $0.0, value: $0.1) }
  }

  /// The first value for `name` (exact, case-sensitive match), or nil.
  public subscript(name: String) -> String? {
    items.first { $0.name == name }?.value
  }

  /// Every value for `name`, in order.
  public func values(for name: String) -> [String] {
    items.filter { $0.name == name }.map(\.value)
  }

  /// The first value for `name`, or `400 Bad Request` naming the missing field.
  public func require(_ name: String) throws(HTTPError) -> String {
    guard let value = self[name] else {
      throw HTTPError.badRequest("Missing field \(name)")
    }
    return value
  }

  public func makeIterator() -> IndexingIterator<[Item]> {
    items.makeIterator()
  }
}
