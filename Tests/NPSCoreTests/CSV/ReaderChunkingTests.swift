import Testing

@testable import NPSCore

/// Random byte soups read whole and in small chunks must give the same rows, or the same error.
@Suite("ResponseReader: any chunking, same result")
struct ReaderChunkingTests {
  static let pieces: [[UInt8]] = [
    Array("9".utf8), Array("10".utf8), Array("x".utf8), Array(",".utf8), Array(";".utf8),
    [0x09], [0x22], [0x0A], [0x0D], [0x0D, 0x0A], Array("é".utf8), [0xE9], [0xFF, 0xFE],
    [0xEF, 0xBB, 0xBF], [0x00], Array("2024-01-01T00:00:00Z".utf8), Array(" ".utf8),
  ]

  struct Outcome: Equatable {
    var rows: [String] = []
    var error: String?
  }

  func read(
    _ bytes: [UInt8], chunkSize: Int, maxRecordBytes: Int = CSVParser.defaultMaxRecordBytes
  ) -> Outcome {
    var outcome = Outcome()
    do {
      let result = try readResponses(
        bytes, options: ResponseReaderOptions(scoreColumn: "1", maxRecordBytes: maxRecordBytes),
        chunkSize: chunkSize)
      outcome.rows = result.records.map {
        "\($0.line) \($0.score) \(String(describing: $0.date)) \($0.properties.map(\.value))"
      }
    } catch {
      outcome.error = String(describing: error)
    }
    return outcome
  }

  static func randomBytes(seed: Int) -> [UInt8] {
    var random = CSVRoundTripTests.SeededGenerator(state: UInt64(seed) &* 7_919)
    let header = Array("score,when,note\n".utf8)
    var bytes = seed % 4 == 0 ? [] : header
    for _ in 0..<Int.random(in: 0...80, using: &random) {
      bytes += Self.pieces.randomElement(using: &random)!
    }
    return bytes
  }

  @Test(arguments: 0..<40)
  func randomInput(seed: Int) {
    let bytes = Self.randomBytes(seed: seed)
    let whole = read(bytes, chunkSize: bytes.count)
    for chunkSize in [1, 2, 3, 5] {
      #expect(read(bytes, chunkSize: chunkSize) == whole, "seed \(seed), chunk \(chunkSize)")
    }
  }

  /// With a record limit small enough for the soups to cross it, every chunk size still gives
  /// the same rows or the same `record longer than` error as the whole input read at once.
  @Test(arguments: 0..<40)
  func randomInputWithASmallRecordLimit(seed: Int) {
    let bytes = Self.randomBytes(seed: seed)
    let limit = 16
    let whole = read(bytes, chunkSize: max(1, bytes.count), maxRecordBytes: limit)
    for chunkSize in 1...max(1, bytes.count) {
      #expect(
        read(bytes, chunkSize: chunkSize, maxRecordBytes: limit) == whole,
        "seed \(seed), chunk \(chunkSize)")
    }
  }

  /// The soups above do cross the limit: the property is not tested on easy inputs only.
  @Test func someRandomInputsAreRefusedAtTheSmallLimit() {
    let refused = (0..<40).filter { seed in
      let bytes = Self.randomBytes(seed: seed)
      return read(bytes, chunkSize: max(1, bytes.count), maxRecordBytes: 16).error?
        .contains("record longer than 16 bytes") == true
    }
    #expect(refused.count >= 10, "refused: \(refused)")
  }
}
