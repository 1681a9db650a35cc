/// Why CSV bytes could not be split into records.
public struct CSVError: Error, Sendable, Hashable, CustomStringConvertible {
  public enum Code: Sendable, Hashable {
    /// A quoted field was still open at the end of the input.
    case unterminatedQuote
    /// One record is longer than the parser's limit: a field too long, or a quote that never
    /// closes (which makes the rest of the input one record).
    case recordTooLong
  }

  public let code: Code
  /// The 1-based line where the offending record starts.
  public let line: Int
  /// The record size limit in bytes, for `recordTooLong`.
  public let limit: Int?

  public init(code: Code, line: Int, limit: Int? = nil) {
    self.code = code
    self.line = line
    self.limit = limit
  }

  public var description: String {
    switch code {
    case .unterminatedQuote:
      "line \(line): a quoted field is never closed (missing \")"
    case .recordTooLong:
      "line \(line): record longer than \(limit ?? 0) bytes (a field too long, or a quote that "
        + "never closes)"
    }
  }
}
