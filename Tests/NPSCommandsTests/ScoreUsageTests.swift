import Foundation
import Testing

/// Usage errors and exit statuses, through the built executable as a user runs it.
@Suite struct ScoreUsageTests {
  /// Runs the `nps` binary and returns its status, stdout and stderr.
  func runBinary(_ arguments: [String], input: String? = nil) throws -> (Int32, String, String) {
    let binary =
      ProcessInfo.processInfo.environment["NPS_BINARY"]
      ?? TestPaths.packageRoot.appendingPathComponent(".build/debug/nps").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    let stdin = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
      process.terminationStatus, String(decoding: output, as: UTF8.self),
      String(decoding: errors, as: UTF8.self)
    )
  }

  @Test func standardInputIsRead() throws {
    let (status, out, _) = try runBinary(
      ["score", "-", "--format", "csv"], input: "score\n10\n9\n8\n2\n")
    #expect(status == 0)
    // n=4 (2/1/1); adjusted Wald computed independently with python3: margin 58.4455,
    // interval -44.1598 to 72.7312.
    let fields = try #require(out.split(separator: "\n").last).split(separator: ",")
    #expect(fields.prefix(5) == ["4", "2", "1", "1", "25.0"])
    let numbers = fields.dropFirst(5).compactMap { Double($0) }
    #expect(numbers.map { ($0 * 1e4).rounded() / 1e4 } == [58.4455, -44.1598, 72.7312])
  }

  @Test func exitStatuses() throws {
    #expect(try runBinary([]).0 == 64)
    #expect(try runBinary(["score"]).0 == 64)
    #expect(
      try runBinary(["score", TestPaths.sample("responses.csv"), "--by", "fortnight"]).0 == 64)
    #expect(
      try runBinary(["score", TestPaths.sample("responses.csv"), "--tz", "Mars/Base"]).0 == 64)
    // Foundation reads GMT+5 as UTC+5, IANA's Etc/GMT+5 is UTC-5: refused, with the way out.
    let offset = try runBinary(["score", TestPaths.sample("responses.csv"), "--tz", "GMT+5"])
    #expect(offset.0 == 64)
    #expect(offset.2.contains("Etc/GMT-5"))
    #expect(
      try runBinary(["score", TestPaths.sample("responses.csv"), "--segment", "nope"]).0 == 64)
    #expect(try runBinary(["score", "/nonexistent/file.csv"]).0 == 66)
    let strict = try runBinary(["score", TestPaths.caseFile("boundaries.csv"), "--strict"])
    #expect(strict.0 == 65)
    #expect(strict.2.contains("line 4"))
    #expect(try runBinary(["frobnicate"]).0 == 64)
  }

  @Test func byNeedsADateColumn() throws {
    let (status, _, err) = try runBinary([
      "score", TestPaths.caseFile("float-scores.csv"), "--by", "month",
    ])
    #expect(status == 65)
    #expect(err.contains("--date-column"))
  }

  @Test func manyRejectedRowsAreListedThenCounted() throws {
    var input = "score\n"
    for index in 0..<30 { input += "bad\(index)\n" }
    input += "9\n"
    let (status, _, err) = try runBinary(["score", "-"], input: input)
    #expect(status == 0)
    #expect(err.contains("line 21: \"bad19\""))
    #expect(!err.contains("line 22:"))
    #expect(err.contains("... and 10 more"))
  }
}
