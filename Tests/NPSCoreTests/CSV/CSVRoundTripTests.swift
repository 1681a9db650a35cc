import Testing

@testable import NPSCore

/// Random tables written with a plain RFC 4180 writer, read back in random chunkings.
@Suite("CSVParser round trip")
struct CSVRoundTripTests {
  /// SplitMix64: a small seeded generator, so every run sees the same tables.
  struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  static let alphabet: [String] = [
    "a", "b", "Z", "9", " ", ",", ";", "\t", "\"", "\n", "\r\n", "\r", "é", "😀", "x",
  ]

  func randomField(_ random: inout SeededGenerator) -> String {
    let length = Int.random(in: 0...12, using: &random)
    return (0..<length).map { _ in Self.alphabet.randomElement(using: &random)! }.joined()
  }

  /// Quotes a field when it holds the delimiter, a quote or a line end (RFC 4180).
  func write(_ rows: [[String]], delimiter: String, lineEnd: String) -> String {
    rows.map { row in
      row.map { field in
        let special =
          field.contains(delimiter) || field.contains("\"") || field.contains("\n")
          || field.contains("\r") || field.isEmpty && row.count == 1
        return special ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
      }.joined(separator: delimiter)
    }.joined(separator: lineEnd)
  }

  @Test(arguments: 0..<12)
  func randomTables(seed: Int) throws {
    var random = SeededGenerator(state: UInt64(seed))
    let delimiter = [",", ";", "\t"][seed % 3]
    let lineEnd = ["\n", "\r\n", "\r"][(seed / 3) % 3]
    let columns = Int.random(in: 2...6, using: &random)
    // A plain header, so the delimiter is detected from consistent counts.
    var rows = [(0..<columns).map { "h\($0)" }]
    for _ in 0..<60 { rows.append((0..<columns).map { _ in randomField(&random) }) }
    let text = write(rows, delimiter: delimiter, lineEnd: lineEnd) + (seed % 2 == 0 ? lineEnd : "")
    for chunkSize in [1, 2, 3, 7, 64, 4096] {
      let parsed = try parseCSV(Array(text.utf8), chunkSize: chunkSize)
      #expect(parsed.rows == rows, "seed \(seed), chunk \(chunkSize)")
      // Lines: each record starts after the line ends of the records before it.
      var expectedLines: [Int] = []
      var line = 1
      for row in rows {
        expectedLines.append(line)
        // Within each field: CRLF, LF and a lone CR are one line end each (counted on bytes:
        // as Characters, "\r" and "\n" merge into one grapheme).
        let breaks = row.map { field in
          let bytes = Array(field.utf8)
          return bytes.indices.filter { index in
            bytes[index] == 0x0A
              || (bytes[index] == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A))
          }.count
        }.reduce(0, +)
        line += breaks + 1
      }
      #expect(parsed.lines == expectedLines, "seed \(seed), chunk \(chunkSize)")
    }
  }
}
