/// Finds the column an option names.
///
/// In order: a header equal to the value (ignoring case and surrounding spaces), a question
/// text equal to it (Qualtrics), a 1-based column number, then headers or questions containing
/// the value; the last must match exactly one column.
enum ColumnSelector {
  static func find(
    _ value: String, option: String, in columns: [ResponseTableLayout.Column]
  ) throws(ResponseReadError) -> Int {
    let wanted = value.trimmingSpaces.lowercased()
    if let match = columns.first(where: { $0.name.trimmingSpaces.lowercased() == wanted }) {
      return match.index
    }
    if let match = columns.first(where: {
      $0.question?.trimmingSpaces.lowercased() == wanted
    }) {
      return match.index
    }
    if let number = Int(wanted), number >= 1, number <= columns.count { return number - 1 }
    let partial = columns.filter {
      $0.name.lowercased().contains(wanted) || ($0.question?.lowercased().contains(wanted) ?? false)
    }
    guard !wanted.isEmpty, let first = partial.first else {
      throw ResponseReadError(
        .columnNotFound, option: option, value: value, candidates: columns.map(\.label))
    }
    guard partial.count == 1 else {
      throw ResponseReadError(
        .ambiguousColumn, option: option, value: value, candidates: partial.map(\.label),
        candidateColumns: partial.map { $0.index + 1 })
    }
    return first.index
  }
}
