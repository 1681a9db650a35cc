/// What a `ResponseReader` counted over the whole input. Memory stays bounded: every line is
/// counted, but only the first `ResponseReaderOptions.keptLineLimit` of each kind are listed.
public struct ReadSummary: Sendable, Hashable {
  /// A data row whose score cell was present but not an integer 0...10.
  public struct RejectedLine: Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    /// The cell as written.
    public let text: String
    public let reason: ScoreError

    public var description: String { "line \(line): \(reason)" }
  }

  /// Data rows read (after the header rows; empty rows not included).
  public internal(set) var rows = 0
  /// Promoters, passives and detractors of the valid scores.
  public internal(set) var tally = Tally()
  /// Rows whose score is empty, `NA` or `N/A`.
  public internal(set) var blankCount = 0
  /// The first blank rows' line numbers.
  public internal(set) var blankLines: [Int] = []
  /// Rows whose score was rejected.
  public internal(set) var rejectedCount = 0
  /// The first rejected rows, with their reasons.
  public internal(set) var rejected: [RejectedLine] = []
  /// Rows with every field empty (blank lines, `,,,`), skipped entirely.
  public internal(set) var emptyRows = 0
  /// Rows with a date cell that could not be read as a date.
  public internal(set) var undatedCount = 0
  /// The first of those rows' line numbers.
  public internal(set) var undatedLines: [Int] = []

  /// Empty counts.
  public init() {}

  /// The line numbers of the listed rejected rows.
  public var rejectedLines: [Int] { rejected.map(\.line) }
}
