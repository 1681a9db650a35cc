import Foundation
import Testing

@testable import NPSCore

@Suite("CSVParser")
struct CSVParserTests {
  /// Quoting, every line end, an irregular field and no final newline, in one input.
  static let tricky = Array(
    ("name,comment,score\r\n" + "\"Ana\",\"a, b\",9\r\n" + "Leo,\"say \"\"hi\"\"\r\nbye\",4\n"
      + "Mia,plain\"quote,7\r" + "Zed,\"\",10\r\n" + ",,\n" + "\n" + "Ola,\"x\"y,3").utf8)
  static let trickyRows: [[String]] = [
    ["name", "comment", "score"], ["Ana", "a, b", "9"], ["Leo", "say \"hi\"\r\nbye", "4"],
    ["Mia", "plain\"quote", "7"], ["Zed", "", "10"], ["", "", ""], [""], ["Ola", "xy", "3"],
  ]
  static let trickyLines = [1, 2, 3, 5, 6, 7, 8, 9]

  @Test(arguments: [nil, 1, 2, 3, 5, 7, 8, 9, 16, 64])
  func sameRecordsInAnyChunking(chunkSize: Int?) throws {
    let parsed = try parseCSV(Self.tricky, chunkSize: chunkSize)
    #expect(parsed.rows == Self.trickyRows)
    #expect(parsed.lines == Self.trickyLines)
  }

  @Test(arguments: [nil, 1, 3])
  func crOnlyLineEnds(chunkSize: Int?) throws {
    let bytes = Array("id,score\r1,9\r2,\"multi\rline\"\r3,7".utf8)
    let parsed = try parseCSV(bytes, chunkSize: chunkSize)
    #expect(parsed.rows == [["id", "score"], ["1", "9"], ["2", "multi\rline"], ["3", "7"]])
    #expect(parsed.lines == [1, 2, 3, 5])
  }

  @Test func crlfSplitAcrossChunksIsOneLineEnd() throws {
    let parser = CSVParser()
    var rows: [[String]] = []
    var lines: [Int] = []
    let collect: (CSVRecord) throws -> Void = {
      rows.append($0.strings)
      lines.append($0.line)
    }
    try parser.feed(Array("a,b\r".utf8), collect)
    try parser.feed(Array("\n1,2\r".utf8), collect)
    try parser.feed(Array("\n3,4".utf8), collect)
    try parser.finish(collect)
    #expect(rows == [["a", "b"], ["1", "2"], ["3", "4"]])
    #expect(lines == [1, 2, 3])
  }

  @Test(arguments: [
    ("a;b;c\n1;\"x;y\";3\n", UInt8(ascii: ";")),
    ("a\tb\tc\n1\tx, y\t3\n", UInt8(ascii: "\t")),
    ("a,b,c\n1,2,3\n", UInt8(ascii: ",")),
    // Commas inside a tab-separated header outnumber the tabs, but only tabs are consistent.
    ("Time\tOn a scale of 0-10, how likely, really, truly?\n1\t9\n2\t8\n", UInt8(ascii: "\t")),
    ("single\n1\n", UInt8(ascii: ",")),
  ])
  func delimiterDetection(text: String, delimiter: UInt8) throws {
    let parser = CSVParser()
    try parser.feed(Array(text.utf8)) { _ in }
    try parser.finish { _ in }
    #expect(parser.delimiter == delimiter)
  }

  /// The fast trim agrees with Foundation's `.whitespaces` trim, ASCII and Unicode spaces alike.
  @Test func trimmedFieldsMatchFoundationsTrim() throws {
    let fields = [
      "  plan-00 ", "\tteam\t", "a b", "", "   ", "\u{A0}pro\u{A0}", "\u{3000}日本 ", "é",
      " é\u{2003}",
      "x\u{A0}y", "\u{1F600}",
    ]
    let line = fields.map { "\"" + $0 + "\"" }.joined(separator: ",") + "\n"
    let parser = CSVParser(delimiter: UInt8(ascii: ","))
    var trimmed: [String] = []
    try parser.feed(Array(line.utf8)) { record in
      trimmed = (0..<record.count).map { record.trimmedString(at: $0) }
      #expect(record.trimmedString(at: record.count) == "")
    }
    try parser.finish { _ in }
    #expect(trimmed == fields.map { $0.trimmingCharacters(in: .whitespaces) })
    #expect(trimmed[0] == "plan-00")
    #expect(trimmed[5] == "pro")
  }

  @Test func headerLongerThanTheSample() throws {
    let header = (0..<9_000).map { "question \($0), really" }.joined(separator: "\t")
    let text = header + "\n" + (0..<9_000).map(String.init).joined(separator: "\t") + "\n"
    let parsed = try parseCSV(Array(text.utf8), chunkSize: 10_000)
    #expect(parsed.rows.map(\.count) == [9_000, 9_000])
  }

  @Test func unterminatedQuoteIsAnErrorWithItsLine() throws {
    #expect(throws: CSVError(code: .unterminatedQuote, line: 2)) {
      try parseCSV(Array("a,b\n1,\"never closed\n2,3\n".utf8))
    }
  }

  @Test func recordTooLong() throws {
    let parser = CSVParser(delimiter: UInt8(ascii: ","), maxRecordBytes: 100)
    let bytes = Array(("a\n\"" + String(repeating: "x", count: 300)).utf8)
    #expect(throws: CSVError(code: .recordTooLong, line: 2, limit: 100)) {
      try parser.feed(bytes) { _ in }
    }
  }

  @Test func longFieldsAcrossManyChunks() throws {
    let long = String(repeating: "abcdefghij", count: 5_000)
    let text = "id,text\n1,\"\(long)\"\"q\"\"\"\n2,\(long)\n"
    let parsed = try parseCSV(Array(text.utf8), chunkSize: 1_000)
    #expect(parsed.rows == [["id", "text"], ["1", long + "\"q\""], ["2", long]])
  }

  @Test func emptyInputHasNoRecords() throws {
    #expect(try parseCSV([]).rows.isEmpty)
    #expect(try parseCSV(Array("\n".utf8)).rows == [[""]])
  }
}
