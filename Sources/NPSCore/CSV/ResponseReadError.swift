/// Why a CSV file could not be read as survey responses.
public struct ResponseReadError: Error, Sendable, Hashable, CustomStringConvertible {
  public enum Code: Sendable, Hashable {
    /// The input has no header row at all.
    case noHeader
    /// No header names the score; `candidates` lists every header.
    case noScoreColumn
    /// Several columns could hold the score; `candidates` lists them.
    case ambiguousScoreColumn
    /// A column given by an option matches no header; `candidates` lists every header.
    case columnNotFound
    /// A column given by an option matches several headers; `candidates` lists them.
    case ambiguousColumn
    /// The bytes are not valid CSV (a quote never closes).
    case malformedCSV
  }

  public let code: Code
  /// The option involved (`--score-column`, `--date-column`...), when there is one.
  public let option: String?
  /// The value given to that option.
  public let value: String?
  /// Headers relevant to the error (see each code).
  public let candidates: [String]
  /// The 1-based column numbers of `candidates`, for the ambiguous codes (headers may repeat).
  public let candidateColumns: [Int]
  /// The 1-based line involved, for `malformedCSV`.
  public var line: Int? { csvError?.line }
  /// What the CSV parser found, for `malformedCSV`.
  let csvError: CSVError?

  init(
    _ code: Code, option: String? = nil, value: String? = nil, candidates: [String] = [],
    candidateColumns: [Int] = [], csvError: CSVError? = nil
  ) {
    self.code = code
    self.option = option
    self.value = value
    self.candidates = candidates
    self.candidateColumns = candidateColumns
    self.csvError = csvError
  }

  /// `.malformedCSV` for what the CSV parser found.
  init(_ csvError: CSVError) {
    self.init(.malformedCSV, csvError: csvError)
  }

  /// The same error with its line moved by `shift`: for an error of a later part of a file
  /// read with `firstLine: 1` (see `ResponseReader+Parts.swift`).
  public func shiftingLines(by shift: Int) -> ResponseReadError {
    guard let csvError else { return self }
    return ResponseReadError(
      CSVError(code: csvError.code, line: csvError.line + shift, limit: csvError.limit))
  }

  public var description: String {
    let list = candidates.map { "\"\($0)\"" }.joined(separator: ", ")
    let numbered = zip(candidates, candidateColumns).map { "\"\($0)\" (column \($1))" }
      .joined(separator: ", ")
    switch code {
    case .noHeader:
      return "the file is empty: no header row"
    case .noScoreColumn:
      return "no score column found among the headers \(list); name it with --score-column"
    case .ambiguousScoreColumn:
      return "several columns could hold the score: \(numbered);"
        + " choose one with --score-column (a header or a column number)"
    case .columnNotFound:
      return "\(option ?? "column") \"\(value ?? "")\" matches no header; the headers are \(list)"
    case .ambiguousColumn:
      return "\(option ?? "column") \"\(value ?? "")\" matches several headers: \(numbered);"
        + " give the whole header or the column number"
    case .malformedCSV:
      return csvError?.description ?? "malformed CSV"
    }
  }
}
