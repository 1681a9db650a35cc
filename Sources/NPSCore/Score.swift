/// An answer to the recommend question: an integer from 0 to 10 inclusive.
///
/// The category is always derived from the value; it is never stored as the truth.
public struct Score: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
  /// The integer answer, 0...10.
  public let value: Int

  /// The valid range of an NPS answer.
  public static let range = 0...10

  /// Creates a score, or throws when `value` is outside 0...10.
  public init(_ value: Int) throws(ScoreError) {
    guard Score.range.contains(value) else { throw ScoreError.outOfRange(value) }
    self.value = value
  }

  /// Creates a score from a value already known to be valid, or returns nil.
  public init?(exactly value: Int) {
    guard Score.range.contains(value) else { return nil }
    self.value = value
  }

  /// Promoter (9-10), passive (7-8) or detractor (0-6).
  public var category: Category { Category(scoreValue: value) }

  public var description: String { String(value) }

  public static func < (lhs: Score, rhs: Score) -> Bool { lhs.value < rhs.value }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let value = try container.decode(Int.self)
    guard let score = Score(exactly: value) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: ScoreError.outOfRange(value).description)
    }
    self = score
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(value)
  }
}

/// Why a value is not a valid NPS answer.
public enum ScoreError: Error, Sendable, Hashable, CustomStringConvertible {
  case outOfRange(Int)
  case notInteger(String)
  case notANumber(String)

  public var description: String {
    switch self {
    case .outOfRange(let value): "\(value) is outside 0-10"
    case .notInteger(let text): "\(text) is not a whole number"
    case .notANumber(let text): "\"\(text)\" is not a score"
    }
  }
}

/// The three groups of the Net Promoter Score.
public enum Category: String, Sendable, Hashable, Codable, CaseIterable {
  case detractor
  case passive
  case promoter

  /// The category of a 0...10 value: 9-10 promoter, 7-8 passive, 0-6 detractor.
  public init(scoreValue: Int) {
    switch scoreValue {
    case 9...: self = .promoter
    case 7...8: self = .passive
    default: self = .detractor
    }
  }

  /// The plural name people read in tables.
  public var plural: String { rawValue + "s" }
}
