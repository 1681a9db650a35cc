/// Rows an import rejected for one reason: how many, and the first lines with the cell that
/// was wrong, for the message on standard error.
struct RejectedLines {
  private(set) var count = 0
  private var first: [(line: Int, text: String)] = []

  mutating func add(line: Int, text: String) {
    count += 1
    if first.count < 20 { first.append((line, text)) }
  }

  /// `N rows rejected (REASON):`, then up to 20 lines, then how many more.
  func report(reason: String, console: Console) {
    guard count > 0 else { return }
    console.errorLine("\(count) rows rejected (\(reason)):")
    for (line, text) in first {
      console.errorLine("  line \(line): \"\(text)\"")
    }
    if count > first.count { console.errorLine("  ... and \(count - first.count) more") }
  }
}
