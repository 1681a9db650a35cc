import Foundation

/// A value bound to, or read from, a SQL statement.
///
/// Booleans are stored as integers 0/1 and dates as Unix milliseconds, so both stores use the
/// same column types and the same SQL.
public enum SQLValue: Sendable, Hashable {
  case null
  case int(Int64)
  case double(Double)
  case text(String)
  case blob([UInt8])

  /// The value as an integer, converting text that holds one; nil otherwise.
  public var int64: Int64? {
    switch self {
    case .int(let value): value
    case .double(let value): Int64(exactly: value)
    case .text(let text): Int64(text)
    default: nil
    }
  }

  /// The value as a double; nil when it is not a number.
  public var double: Double? {
    switch self {
    case .int(let value): Double(value)
    case .double(let value): value
    case .text(let text): Double(text)
    default: nil
    }
  }

  /// The value as text; nil for null and blobs.
  public var text: String? {
    switch self {
    case .text(let text): text
    case .int(let value): String(value)
    case .double(let value): String(value)
    default: nil
    }
  }

  /// The bytes of a blob; nil otherwise.
  public var bytes: [UInt8]? {
    if case .blob(let bytes) = self { return bytes }
    return nil
  }

  public var isNull: Bool { self == .null }
}

/// A Swift type that can be bound as a SQL parameter.
public protocol SQLValueConvertible {
  var sqlValue: SQLValue { get }
}

extension SQLValue: SQLValueConvertible {
  public var sqlValue: SQLValue { self }
}

extension Int: SQLValueConvertible {
  public var sqlValue: SQLValue { .int(Int64(self)) }
}

extension Int64: SQLValueConvertible {
  public var sqlValue: SQLValue { .int(self) }
}

extension Int32: SQLValueConvertible {
  public var sqlValue: SQLValue { .int(Int64(self)) }
}

extension Double: SQLValueConvertible {
  public var sqlValue: SQLValue { .double(self) }
}

extension String: SQLValueConvertible {
  public var sqlValue: SQLValue { .text(self) }
}

extension Substring: SQLValueConvertible {
  public var sqlValue: SQLValue { .text(String(self)) }
}

extension Bool: SQLValueConvertible {
  public var sqlValue: SQLValue { .int(self ? 1 : 0) }
}

extension Date: SQLValueConvertible {
  /// Dates are stored as Unix milliseconds.
  public var sqlValue: SQLValue { .int(millisecondsSince1970) }
}

extension Array: SQLValueConvertible where Element == UInt8 {
  public var sqlValue: SQLValue { .blob(self) }
}

extension Optional: SQLValueConvertible where Wrapped: SQLValueConvertible {
  public var sqlValue: SQLValue {
    switch self {
    case .none: .null
    case .some(let wrapped): wrapped.sqlValue
    }
  }
}

extension Date {
  /// Milliseconds since 1970-01-01 UTC, to the nearest (so a date made from milliseconds
  /// gives the same milliseconds back despite floating-point error). Instants beyond what
  /// 64 bits of milliseconds hold (about 292 million years either way, e.g. `.distantFuture`
  /// times a million) clamp to the nearest end instead of trapping; NaN gives 0. Input
  /// checks bound the instants that users send far more tightly.
  public var millisecondsSince1970: Int64 {
    let milliseconds = (timeIntervalSince1970 * 1000).rounded()
    if milliseconds.isNaN { return 0 }
    // Int64.max is not a Double; 2^63 is the first Double beyond it.
    if milliseconds >= 9_223_372_036_854_775_808 { return .max }
    if milliseconds <= -9_223_372_036_854_775_808 { return .min }
    return Int64(milliseconds)
  }

  /// The date at a number of milliseconds since 1970-01-01 UTC.
  public init(millisecondsSince1970 ms: Int64) {
    self.init(timeIntervalSince1970: Double(ms) / 1000)
  }
}
