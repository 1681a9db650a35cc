/// Chooses the delimiter of a CSV text from its first lines: comma, semicolon or tab.
///
/// Counts each candidate outside quotes on up to `sampleLines` lines. A candidate that appears
/// the same number of times (at least once) on every sampled line is consistent; the consistent
/// candidate with the most occurrences per line wins. With none consistent, the candidate seen
/// most often on the first line wins. Ties go to comma, then semicolon, then tab; with no
/// candidate at all (one column) the delimiter is a comma.
enum DelimiterDetector {
  static let candidates: [UInt8] = [0x2C, 0x3B, 0x09]
  static let sampleLines = 10
  static let sampleBytes = 1 << 20

  /// The delimiter, or nil when more input is needed before deciding.
  static func detect(in bytes: UnsafePointer<UInt8>, count: Int, final: Bool) -> UInt8? {
    var lines: [[Int]] = []
    var current = [0, 0, 0]
    var inQuotes = false
    var lineHasContent = false
    var index = 0
    let limit = min(count, sampleBytes)
    while index < limit, lines.count < sampleLines {
      let byte = bytes[index]
      index += 1
      if byte == 0x22 {
        inQuotes.toggle()
        lineHasContent = true
      } else if inQuotes {
        continue
      } else if byte == 0x0A || byte == 0x0D {
        if lineHasContent { lines.append(current) }
        current = [0, 0, 0]
        lineHasContent = false
      } else {
        lineHasContent = true
        if let slot = candidates.firstIndex(of: byte) { current[slot] += 1 }
      }
    }
    let sawEnough = lines.count >= sampleLines || count >= sampleBytes
    if !sawEnough && !final { return nil }
    if final && lineHasContent && !inQuotes && index == count { lines.append(current) }
    // A first line longer than the sample: judge by the part seen.
    if lines.isEmpty && lineHasContent { lines.append(current) }
    guard let first = lines.first else { return candidates[0] }
    var best: Int?
    if lines.count > 1 {
      for slot in 0..<3 where first[slot] > 0 && lines.allSatisfy({ $0[slot] == first[slot] }) {
        if best == nil || first[slot] > first[best!] { best = slot }
      }
    }
    if best == nil {
      for slot in 0..<3 where first[slot] > 0 {
        if best == nil || first[slot] > first[best!] { best = slot }
      }
    }
    return candidates[best ?? 0]
  }
}
