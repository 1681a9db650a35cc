import Foundation
import Testing

/// Files over 32 MiB are read in two halves on two threads; the results must equal one
/// sequential read, also when the middle of the file falls inside a quoted multi-line field.
@Suite struct ScoreTwoPartTests {
  /// Writes `rows` rows whose comment spans two lines, with a rejected score every 100,000
  /// rows, and returns the file and the expected counts.
  func bigFile(rows: Int) throws -> (URL, promoters: Int, passives: Int, detractors: Int, [Int]) {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("nps-two-part-\(UUID().uuidString).csv")
    var text = "score,comment,team\n"
    text.reserveCapacity(rows * 48)
    var counts = (0, 0, 0)
    var rejected: [Int] = []
    for index in 0..<rows {
      let line = 2 + 2 * index
      if index % 100_000 == 99_999 {
        text += "bad,\"first line\nsecond, line \(index)\",t\(index % 3)\n"
        rejected.append(line)
        continue
      }
      let score = index % 11
      if score >= 9 { counts.0 += 1 } else if score >= 7 { counts.1 += 1 } else { counts.2 += 1 }
      text += "\(score),\"first line\nsecond, line \(index)\",t\(index % 3)\n"
    }
    try text.write(to: url, atomically: false, encoding: .utf8)
    return (url, counts.0, counts.1, counts.2, rejected)
  }

  @Test func twoHalvesGiveTheSameFiguresAsOneRead() throws {
    let (url, promoters, passives, detractors, rejected) = try bigFile(rows: 900_000)
    defer { try? FileManager.default.removeItem(at: url) }
    let size = try #require(
      try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
    #expect(size > 32 << 20)
    let run = CommandRun(["score", url.path, "--segment", "team", "--format", "json"])
    #expect(run.status == .success, "\(run.err)")
    let document = try run.json()
    let overall = try #require(document["overall"] as? [String: Any])
    #expect(overall["promoters"] as? Int == promoters)
    #expect(overall["passives"] as? Int == passives)
    #expect(overall["detractors"] as? Int == detractors)
    #expect(document["rejected_lines"] as? [Int] == rejected)
    let segments = try #require(document["segments"] as? [[String: Any]])
    #expect(segments.map { $0["n"] as? Int ?? 0 }.reduce(0, +) == promoters + passives + detractors)
    #expect(
      Set(segments.compactMap { ($0["segment"] as? [String: String])?["value"] }) == [
        "t0", "t1", "t2",
      ])
  }

  /// An error in the second half (a record over the 8 MiB limit) names its line in the whole
  /// file, not in the half: the second reader counts from 1 and its line is shifted.
  @Test func anErrorInTheSecondHalfNamesItsLineInTheFile() throws {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("nps-two-part-limit-\(UUID().uuidString).csv")
    defer { try? FileManager.default.removeItem(at: url) }
    let row = Array(("9," + String(repeating: "c", count: 1_000) + "\n").utf8)
    var bytes = Array("score,comment\n".utf8)
    bytes.reserveCapacity(43_000_000)
    for _ in 0..<30_000 { bytes += row }
    bytes += Array("5,\"".utf8) + [UInt8](repeating: UInt8(ascii: "y"), count: 8_400_000)
    bytes += Array("\"\n".utf8)
    for _ in 0..<4_000 { bytes += row }
    try Data(bytes).write(to: url)
    // The middle of the file (the split) comes before the long record, at line 2 + 30,000.
    #expect(bytes.count > 32 << 20)
    #expect(bytes.count / 2 < 14 + 30_000 * row.count)
    let run = CommandRun(["score", url.path])
    #expect(run.status == .dataError)
    #expect(
      run.err
        == "nps score: \(url.path): line 30002: record longer than 8388608 bytes (a field too "
        + "long, or a quote that never closes)\n", "\(run.err)")
  }
}
