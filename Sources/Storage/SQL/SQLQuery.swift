/// A SQL statement whose interpolated values are bind parameters, never text.
///
/// ```swift
/// let query: SQLQuery = "SELECT id FROM contacts WHERE email = \(email)"
/// ```
/// renders as `... WHERE email = ?` on SQLite and `... WHERE email = $1` on PostgreSQL, with
/// `email` bound. Raw SQL text can only enter through `init(unsafeSQL:)` or `\(unsafe:)`.
public struct SQLQuery: Sendable, Hashable, ExpressibleByStringInterpolation {
  /// One piece of a statement: literal SQL text or a bound value.
  enum Fragment: Sendable, Hashable {
    case sql(String)
    case value(SQLValue)
  }

  private(set) var fragments: [Fragment]

  /// A statement from trusted SQL text. Never pass text that contains user input.
  public init(unsafeSQL sql: String) {
    fragments = [.sql(sql)]
  }

  public init(stringLiteral value: StaticString) {
    fragments = [.sql(value.description)]
  }

  public init(stringInterpolation: StringInterpolation) {
    fragments = stringInterpolation.fragments
  }

  /// The bound values in order.
  public var values: [SQLValue] {
    fragments.compactMap { if case .value(let value) = $0 { value } else { nil } }
  }

  /// The statement text for a dialect, with its placeholders.
  public func sql(for dialect: SQLDialect) -> String {
    var text = ""
    var index = 0
    for fragment in fragments {
      switch fragment {
      case .sql(let sql): text += sql
      case .value:
        index += 1
        text += dialect.placeholder(index)
      }
    }
    return text
  }

  /// Appends another query, keeping its parameters.
  public mutating func append(_ other: SQLQuery) {
    fragments += other.fragments
  }

  public static func + (lhs: SQLQuery, rhs: SQLQuery) -> SQLQuery {
    var result = lhs
    result.append(rhs)
    return result
  }

  /// Joins queries with a trusted separator such as `", "` or `" AND "`.
  public static func joined(_ parts: [SQLQuery], separator: StaticString) -> SQLQuery {
    var result = SQLQuery(unsafeSQL: "")
    for (index, part) in parts.enumerated() {
      if index > 0 { result.fragments.append(.sql(separator.description)) }
      result.append(part)
    }
    return result
  }

  public struct StringInterpolation: StringInterpolationProtocol, Sendable {
    var fragments: [Fragment] = []

    public init(literalCapacity: Int, interpolationCount: Int) {
      fragments.reserveCapacity(interpolationCount * 2 + 1)
    }

    public mutating func appendLiteral(_ literal: StaticString) {
      fragments.append(.sql(literal.description))
    }

    /// A bound parameter.
    public mutating func appendInterpolation(_ value: some SQLValueConvertible) {
      fragments.append(.value(value.sqlValue))
    }

    /// A bound parameter that may be NULL.
    public mutating func appendInterpolation<Value: SQLValueConvertible>(_ value: Value?) {
      fragments.append(.value(value.sqlValue))
    }

    /// A nested query, with its own parameters.
    public mutating func appendInterpolation(_ query: SQLQuery) {
      fragments += query.fragments
    }

    /// Trusted SQL text (an identifier or keyword chosen by code, never by input).
    public mutating func appendInterpolation(unsafe sql: String) {
      fragments.append(.sql(sql))
    }
  }
}

extension StaticString {
  fileprivate var description: String {
    withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
  }
}
