/// An ordered list of header fields with case-insensitive name lookup.
///
/// Names keep the spelling they were added with; lookups ignore ASCII case. A name may occur
/// several times (e.g. `Set-Cookie`).
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
  /// One header field.
  public struct Field: Sendable, Equatable {
    /// The name as added, e.g. `Content-Type`.
    public var name: String
    /// The value, without surrounding whitespace.
    public var value: String

    /// A field.
    public init(name: String, value: String) {
      self.name = name
      self.value = value
    }
  }

  /// The fields in order.
  public private(set) var fields: [Field]

  /// No fields.
  public init() {
    fields = []
  }

  /// The given fields in order.
  public init(_ fields: [(String, String)]) {
    self.fields = fields.map { Field(name: $0.0, value: $0.1) }
  }

  public init(dictionaryLiteral elements: (String, String)...) {
    self.init(elements)
  }

  /// The first value for `name`, or nil; setting replaces every field of that name (nil removes).
  public subscript(name: String) -> String? {
    get { fields.first { Self.sameName($0.name, name) }?.value }
    set {
      if let newValue {
        replace(name: name, value: newValue)
      } else {
        remove(name: name)
      }
    }
  }

  /// Every value for `name`, in order.
  public func values(for name: String) -> [String] {
    fields.filter { Self.sameName($0.name, name) }.map(\.value)
  }

  /// Whether a field named `name` exists.
  public func contains(_ name: String) -> Bool {
    fields.contains { Self.sameName($0.name, name) }
  }

  /// Appends a field, keeping existing ones of the same name.
  public mutating func add(name: String, value: String) {
    fields.append(Field(name: name, value: value))
  }

  /// Removes every field named `name`, then appends one.
  public mutating func replace(name: String, value: String) {
    remove(name: name)
    add(name: name, value: value)
  }

  /// Removes every field named `name`.
  public mutating func remove(name: String) {
    fields.removeAll { Self.sameName($0.name, name) }
  }

  /// The number of fields.
  public var count: Int { fields.count }

  public func makeIterator() -> IndexingIterator<[Field]> {
    fields.makeIterator()
  }

  /// ASCII case-insensitive comparison of header names.
  static func sameName(_ a: String, _ b: String) -> Bool {
    let a = a.utf8
    let b = b.utf8
    guard a.count == b.count else { return false }
    return zip(a, b).allSatisfy { lowerASCII($0) == lowerASCII($1) }
  }

  private static func lowerASCII(_ byte: UInt8) -> UInt8 {
    (byte >= 0x41 && byte <= 0x5A) ? byte + 0x20 : byte
  }
}
