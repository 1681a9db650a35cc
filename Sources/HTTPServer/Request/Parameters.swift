/// Values captured by the router from `:name` segments (and `*` for a trailing wildcard).
public struct Parameters: Sendable, Equatable {
  private var values: [String: String]

  /// Parameters from a dictionary (the router builds these; tests may too).
  public init(_ values: [String: String] = [:]) {
    self.values = values
  }

  /// The decoded value of `:name`, or nil.
  public subscript(name: String) -> String? {
    values[name]
  }

  /// All captured values by name.
  public var all: [String: String] { values }

  /// The value of `:name`, or `400 Bad Request`.
  public func require(_ name: String) throws(HTTPError) -> String {
    guard let value = values[name] else {
      throw HTTPError.badRequest("Missing path parameter \(name)")
    }
    return value
  }

  /// The value of `:name` converted with `LosslessStringConvertible` (e.g. `Int`), or
  /// `400 Bad Request` when it is missing or does not convert.
  public func require<Value: LosslessStringConvertible>(
    _ name: String, as type: Value.Type
  ) throws(HTTPError) -> Value {
    guard let converted = Value(try require(name)) else {
      throw HTTPError.badRequest("Invalid path parameter \(name)")
    }
    return converted
  }

  mutating func set(_ name: String, _ value: String) {
    values[name] = value
  }
}
