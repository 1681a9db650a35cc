import Foundation
import Testing

@testable import NPSCore

/// The record size limit holds exactly, however the input is cut into chunks: a record of
/// `limit` bytes (its line end not counted) is read, one of `limit + 1` is refused with its line.
@Suite("CSVParser: the record limit at every chunk size")
struct RecordLimitTests {
  static let limit = 40

  /// A record of exactly `size` bytes, in one of several shapes.
  static func record(_ shape: Int, size: Int) -> String {
    switch shape {
    case 0:  // unquoted fields
      return "7," + String(repeating: "x", count: size - 2)
    case 1:  // a quoted field
      return "7,\"" + String(repeating: "y", count: size - 4) + "\""
    case 2:  // a quoted field with line breaks and an escaped quote (rewritten in place)
      return "7,\"a\nb\r\n\"\"" + String(repeating: "z", count: size - 11) + "\""
    default:  // one field, no delimiter
      return String(repeating: "w", count: size)
    }
  }

  static func rows(_ shape: Int, size: Int) -> [String] {
    switch shape {
    case 0: ["7", String(repeating: "x", count: size - 2)]
    case 1: ["7", String(repeating: "y", count: size - 4)]
    case 2: ["7", "a\nb\r\n\"" + String(repeating: "z", count: size - 11)]
    default: [String(repeating: "w", count: size)]
    }
  }

  /// Shapes × line ends (none: the record ends the input) × header lengths (which shift where
  /// the record falls in each chunk).
  static let cases: [(shape: Int, lineEnd: String, header: String)] =
    (0..<4).flatMap { shape in
      ["\n", "\r\n", "\r", ""].flatMap { lineEnd in
        ["h\n", "hh\r\n", "h,h,h\n"].map { (shape, lineEnd, $0) }
      }
    }

  static func input(_ shape: Int, size: Int, lineEnd: String, header: String) -> [UInt8] {
    Array((header + record(shape, size: size) + lineEnd + (lineEnd.isEmpty ? "" : "9,t\n")).utf8)
  }

  @Test(arguments: 0..<cases.count)
  func aRecordOfExactlyTheLimitIsReadAtEveryChunkSize(index: Int) throws {
    let (shape, lineEnd, header) = Self.cases[index]
    let bytes = Self.input(shape, size: Self.limit, lineEnd: lineEnd, header: header)
    #expect(Self.record(shape, size: Self.limit).utf8.count == Self.limit)
    let headerRow = header.trimmingCharacters(in: .newlines).split(separator: ",").map(String.init)
    let expected =
      [headerRow, Self.rows(shape, size: Self.limit)] + (lineEnd.isEmpty ? [] : [["9", "t"]])
    for chunkSize in [nil] + Array(1...bytes.count) {
      let parsed = try parseCSV(
        bytes, chunkSize: chunkSize, delimiter: UInt8(ascii: ","), maxRecordBytes: Self.limit)
      #expect(parsed.rows == expected, "shape \(shape), chunk \(String(describing: chunkSize))")
    }
  }

  @Test(arguments: 0..<cases.count)
  func aRecordOneBytePastTheLimitIsRefusedAtEveryChunkSize(index: Int) throws {
    let (shape, lineEnd, header) = Self.cases[index]
    let bytes = Self.input(shape, size: Self.limit + 1, lineEnd: lineEnd, header: header)
    for chunkSize in [nil] + Array(1...bytes.count) {
      #expect(
        throws: CSVError(code: .recordTooLong, line: 2, limit: Self.limit),
        "shape \(shape), chunk \(String(describing: chunkSize))"
      ) {
        try parseCSV(
          bytes, chunkSize: chunkSize, delimiter: UInt8(ascii: ","),
          maxRecordBytes: Self.limit)
      }
    }
  }

  /// A quote that never closes is refused as soon as one byte past the limit is held, however
  /// small the chunks: memory stays bounded by the limit.
  @Test(arguments: [1, 3, 7, 64])
  func anUnclosedQuoteIsRefusedOneBytePastTheLimit(chunkSize: Int) throws {
    let parser = CSVParser(delimiter: UInt8(ascii: ","), maxRecordBytes: 1_000)
    let bytes = Array(("a\n\"" + String(repeating: "x", count: 5_000)).utf8)
    var fed = 0
    var thrown: (any Error)?
    while fed < bytes.count, thrown == nil {
      let end = min(bytes.count, fed + chunkSize)
      do { try parser.feed(Array(bytes[fed..<end])) { _ in } } catch { thrown = error }
      fed = end
    }
    #expect(thrown as? CSVError == CSVError(code: .recordTooLong, line: 2, limit: 1_000))
    // The header's 2 bytes, then 1,001 bytes of the record: refused in the chunk holding them.
    #expect(fed >= 2 + 1_001)
    #expect(fed < 2 + 1_001 + chunkSize)
  }

  /// The reported case: one quoted comment of 9,000,000 bytes, read in one chunk or in 1 MiB
  /// chunks, is refused at the default limit (8 MiB); a record of exactly 8 MiB is read.
  @Test(arguments: [nil, 1 << 20, 65_536])
  func theDefaultLimitHoldsForOneLongComment(chunkSize: Int?) throws {
    func file(recordBytes: Int) -> [UInt8] {
      let prefix = "g3,5,\""
      let comment = String(repeating: "y", count: recordBytes - prefix.utf8.count - 1)
      return Array(("id,score,comment\n" + prefix + comment + "\"\n").utf8)
    }
    let options = ResponseReaderOptions()
    #expect(options.maxRecordBytes == 8_388_608)
    #expect(throws: ResponseReadError.self) {
      try readResponses(file(recordBytes: 9_000_000), chunkSize: chunkSize)
    }
    do {
      _ = try readResponses(file(recordBytes: 8_388_609), chunkSize: chunkSize)
      Issue.record("8,388,609 bytes were read")
    } catch let error as ResponseReadError {
      #expect(error.code == .malformedCSV)
      #expect(error.line == 2)
      #expect(
        error.description
          == "line 2: record longer than 8388608 bytes (a field too long, or a quote that "
          + "never closes)")
    }
    let read = try readResponses(file(recordBytes: 8_388_608), chunkSize: chunkSize)
    #expect(read.records.count == 1)
    #expect(read.records.first?.comment?.utf8.count == 8_388_608 - 7)
    #expect(read.records.first?.score == .score(Score(exactly: 5)!))
  }
}
