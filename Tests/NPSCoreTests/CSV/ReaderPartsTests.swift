import Foundation
import Testing

@testable import NPSCore

/// Reading in two parts (as two threads would) gives exactly what reading in one go gives.
@Suite("ResponseReader in two parts")
struct ReaderPartsTests {
  struct Outcome: Equatable {
    var records: [ResponseRecord] = []
    var summary = ReadSummary()
  }

  func feed(
    _ reader: ResponseReader, _ bytes: ArraySlice<UInt8>, into records: inout [ResponseRecord]
  )
    throws
  {
    var start = bytes.startIndex
    while start < bytes.endIndex {
      let end = min(bytes.endIndex, start + 4_096)
      try reader.feed(Array(bytes[start..<end])) { records.append($0.copy(layout: reader.layout!)) }
      start = end
    }
  }

  func sequential(_ bytes: [UInt8], _ options: ResponseReaderOptions) throws -> Outcome {
    let reader = ResponseReader(options: options)
    var outcome = Outcome()
    try feed(reader, bytes[...], into: &outcome.records)
    try reader.finish { outcome.records.append($0.copy(layout: reader.layout!)) }
    outcome.summary = reader.summary
    return outcome
  }

  /// Returns the outcome and whether the second part's rows were used.
  func inParts(_ bytes: [UInt8], _ options: ResponseReaderOptions, split: Int) throws -> (
    Outcome, Bool
  ) {
    let first = ResponseReader(options: options)
    var outcome = Outcome()
    try feed(first, bytes[..<split], into: &outcome.records)
    let collect: (ResponseRow) throws -> Void = {
      outcome.records.append($0.copy(layout: first.layout!))
    }
    if let resumption = first.resumption {
      let breaks = bytes[..<split].withUnsafeBytes { CSVSplit.lineBreaks(in: $0) }
      let second = ResponseReader(resuming: resumption, firstLine: 1 + breaks)
      var secondRecords: [ResponseRecord] = []
      var secondError: (any Error)?
      do {
        try feed(second, bytes[split...], into: &secondRecords)
        try second.finish { secondRecords.append($0.copy(layout: second.layout!)) }
      } catch {
        secondError = error
      }
      if try first.drain(collect) {
        #expect(first.parser.currentLine == 1 + breaks)
        if let secondError { throw secondError }
        try first.finish(collect)
        outcome.records += secondRecords
        outcome.summary = first.summary
        outcome.summary.add(second.summary)
        return (outcome, true)
      }
    }
    try feed(first, bytes[split...], into: &outcome.records)
    try first.finish(collect)
    outcome.summary = first.summary
    return (outcome, false)
  }

  func checkSplits(
    _ file: String, options: ResponseReaderOptions = ResponseReaderOptions(), count: Int
  )
    throws -> (used: Int, refused: Int)
  {
    let bytes = try SharedFiles.bytes(file)
    let whole = try sequential(bytes, options)
    var used = 0
    var refused = 0
    for step in 1...count {
      let offset = bytes.count * step / (count + 1)
      guard let split = bytes.withUnsafeBytes({ CSVSplit.lineStart(in: $0, after: offset) })
      else { continue }
      let (parts, usedSecond) = try inParts(bytes, options, split: split)
      #expect(parts == whole, "\(file) split at \(split)")
      if usedSecond { used += 1 } else { refused += 1 }
    }
    return (used, refused)
  }

  @Test func shiftedLinesWhenTheSecondPartStartsAtLineOne() throws {
    let text = Array("id,score\n1,9\n2,x\n3,\n4,abc\n5,\n".utf8)
    let split = 17  // after "2,x\n": line 4 starts here
    #expect(Array(text[..<split]) == Array("id,score\n1,9\n2,x\n".utf8))
    // Few lines: give the delimiter, or the reader waits for more lines to detect it.
    let first = ResponseReader(options: ResponseReaderOptions(delimiter: UInt8(ascii: ",")))
    try first.feed(Array(text[..<split])) { _ in }
    let second = ResponseReader(resuming: try #require(first.resumption), firstLine: 1)
    try second.feed(Array(text[split...])) { _ in }
    try second.finish { _ in }
    #expect(try first.drain { _ in })
    #expect(first.currentLine == 4)
    var summary = first.summary
    summary.add(second.summary, shiftingLinesBy: first.currentLine - 1)
    #expect(summary.rejectedLines == [3, 5])
    #expect(summary.blankLines == [4, 6])
    #expect(summary.tally.n == 1)
  }

  @Test func miroSplitsInsideQuotesAreRefused() throws {
    let counts = try checkSplits("data/miro_nps.csv", count: 60)
    // Some line starts fall inside the 59 multi-line comments: those splits are refused.
    #expect(counts.used > 0)
    #expect(counts.refused > 0)
  }

  @Test func npsCaseTrendSplits() throws {
    let counts = try checkSplits("data/nps_case_trend.csv", count: 7)
    #expect(counts.used == 7)
  }

  @Test func sudzillaSplits() throws {
    let counts = try checkSplits(
      "data/sudzilla_google_forms.csv", options: ResponseReaderOptions(scoreColumn: "2"), count: 20)
    #expect(counts.used > 0)
  }

  @Test(arguments: [
    "cases/bom-semicolon-multiline.csv", "cases/boundaries.csv", "cases/latin1.csv",
    "cases/two-score-columns.csv", "cases/non-integer-scores.csv",
  ])
  func caseSplits(file: String) throws {
    var options = ResponseReaderOptions()
    if file.contains("latin1") { options.scoreColumn = "note" }
    _ = try checkSplits(file, options: options, count: 8)
  }

  @Test(arguments: 0..<20)
  func lineBreaksMatchASimpleCount(seed: Int) {
    var random = CSVRoundTripTests.SeededGenerator(state: UInt64(seed))
    let alphabet: [UInt8] = [0x0A, 0x0D, 0x61, 0x22, 0x2C]
    let bytes = (0..<Int.random(in: 0...100, using: &random)).map { _ in
      alphabet.randomElement(using: &random)!
    }
    var expected = 0
    for index in bytes.indices {
      if bytes[index] == 0x0A { expected += 1 }
      if bytes[index] == 0x0D, index + 1 == bytes.count || bytes[index + 1] != 0x0A {
        expected += 1
      }
    }
    #expect(bytes.withUnsafeBytes { CSVSplit.lineBreaks(in: $0) } == expected)
  }
}
