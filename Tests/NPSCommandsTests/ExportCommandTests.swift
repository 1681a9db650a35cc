import Foundation
import NPSCore
import Storage
import StoreTesting
import Testing

/// `nps export responses`: the 20,268 responses of a shared data set out again as CSV, read
/// back with the project's own CSV reader and compared with `nps report`.
@Suite struct ExportCommandTests {
  /// The records of a CSV text (header first), parsed with NPSCore's reader.
  static func records(_ text: String) throws -> [[String]] {
    var rows: [[String]] = []
    let parser = CSVParser(delimiter: UInt8(ascii: ","))
    try parser.feed(Array(text.utf8)) { rows.append($0.strings) }
    try parser.finish { rows.append($0.strings) }
    return rows
  }

  @Test(arguments: StoreKind.allCases)
  func everyImportedResponseComesOutOnceOldestFirst(kind: StoreKind) throws {
    try withTestDatabaseURL(kind) { url in
      createSurveys(["trend"], database: url)
      let imported = CommandRun([
        "import", "responses", TestPaths.data("nps_case_trend.csv"), "--survey", "trend",
        "--date-column", "surveyed_at", "--id-column", "id", "--database", url,
      ])
      #expect(imported.status == .success, "\(imported.err)")

      let all = CommandRun(["export", "responses", "--survey", "trend", "--database", url])
      #expect(all.status == .success, "\(all.err)")
      let rows = try Self.records(all.out)
      #expect(
        rows[0] == [
          "response_id", "responded_at", "score", "category", "comment", "source", "external_id",
          "property:is_admin", "property:messages", "property:sessions",
        ])
      let body = rows.dropFirst()
      #expect(body.count == 20_268)
      #expect(Set(body.map { $0[6] }).count == 20_268)
      let dates = body.map { $0[1] }
      #expect(dates == dates.sorted())
      #expect(body.first?[1] == "2017-02-01T00:46:09Z")
      #expect(
        body.first.map { Array($0[2...3]) + [$0[6], $0[7]] } == ["9", "promoter", "1474", "1"])
      let promoters = body.filter { $0[3] == "promoter" }.count
      let detractors = body.filter { $0[3] == "detractor" }.count
      #expect(
        (Double(promoters - detractors) / Double(body.count) * 100).rounded(to: 2) == 10.86)

      // A segment and a period agree with `nps report`.
      let some = CommandRun([
        "export", "responses", "--survey", "trend", "--segment", "is_admin=0", "--from",
        "2017-06-01", "--to", "2017-06-30", "--bom", "--database", url,
      ])
      #expect(some.status == .success, "\(some.err)")
      #expect(some.out.hasPrefix("\u{FEFF}response_id,"))
      let report = CommandRun([
        "report", "--survey", "trend", "--segment", "is_admin", "--from", "2017-06-01", "--to",
        "2017-06-30", "--format", "json", "--database", url,
      ])
      let segments = try #require(try report.json()["segments"] as? [[String: Any]])
      let admins = try #require(
        segments.first { ($0["segment"] as? [String: Any])?["value"] as? String == "0" })
      let exported = try Self.records(String(some.out.dropFirst())).dropFirst()
      #expect(exported.count == admins["n"] as? Int)
      #expect(exported.count > 100)
      #expect(exported.allSatisfy { $0[7] == "0" && $0[1].hasPrefix("2017-06-") })
    }
  }

  @Test func anOutputFileIsWholeAndBadOptionsChangeNothing() throws {
    try withTestDatabaseURL(.sqlite) { url in
      createSurveys(["s"], database: url)
      let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("nps-export-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(at: folder) }
      let csv = folder.appendingPathComponent("in.csv")
      try "score,date,team\n9,2024-01-02,a\n3,2024-01-01,\"b, c\"\n".write(
        to: csv, atomically: true, encoding: .utf8)
      #expect(
        CommandRun(["import", "responses", csv.path, "--survey", "s", "--database", url]).status
          == .success)
      let output = folder.appendingPathComponent("out.csv").path
      let written = CommandRun([
        "export", "responses", "--survey", "s", "--output", output, "--database", url,
      ])
      #expect(written.status == .success, "\(written.err)")
      #expect(written.out == "")
      let rows = try Self.records(try String(contentsOfFile: output, encoding: .utf8))
      #expect(rows.count == 3)
      #expect(rows[1][1] == "2024-01-01T00:00:00Z")
      #expect(rows[1][2...3] == ["3", "detractor"])
      #expect(rows[1][7] == "b, c")
      #expect(!FileManager.default.fileExists(atPath: output + ".partial"))
      // Again to the same path: the old file is replaced whole.
      try "old content\n".write(toFile: output, atomically: true, encoding: .utf8)
      let again = CommandRun([
        "export", "responses", "--survey", "s", "--output", output, "--database", url,
      ])
      #expect(again.status == .success, "\(again.err)")
      #expect(try String(contentsOfFile: output, encoding: .utf8).hasPrefix("response_id,"))
      // A folder is never replaced, nor is anything in it touched.
      let folderTarget = folder.appendingPathComponent("keep")
      try FileManager.default.createDirectory(at: folderTarget, withIntermediateDirectories: true)
      try "keep me".write(
        to: folderTarget.appendingPathComponent("keep.txt"), atomically: true, encoding: .utf8)
      let intoFolder = CommandRun([
        "export", "responses", "--survey", "s", "--output", folderTarget.path, "--database", url,
      ])
      #expect(intoFolder.status == .cannotCreate)
      #expect(intoFolder.err.contains("is a folder"))
      #expect(
        try String(contentsOf: folderTarget.appendingPathComponent("keep.txt"), encoding: .utf8)
          == "keep me")
      let unknownSegment = CommandRun([
        "export", "responses", "--survey", "s", "--segment", "tema=a", "--database", url,
      ])
      #expect(unknownSegment.status == .dataError)
      #expect(
        unknownSegment.err.contains(
          "no response of survey \"s\" has the property \"tema\" (properties: team)"))
      let report = CommandRun([
        "report", "--survey", "s", "--segment", "team=a", "--database", url,
      ])
      #expect(report.status == .dataError)
      #expect(report.err.contains("has the property \"team=a\" (properties: team)"))
      let impossible = CommandRun([
        "export", "responses", "--survey", "s", "--from", "2018-02-31", "--database", url,
      ])
      #expect(impossible.status == .usage)
      #expect(impossible.err.contains("--from: 2018-02-31 is not a date"))
      let noName = CommandRun([
        "export", "responses", "--survey", "s", "--output", "", "--database", url,
      ])
      #expect(noName.status == .usage)

      let badSegment = CommandRun([
        "export", "responses", "--survey", "s", "--segment", "team", "--database", url,
      ])
      #expect(badSegment.status == .usage)
      #expect(badSegment.err.contains("--segment: expected NAME=VALUE"))
      let unknown = CommandRun(["export", "responses", "--survey", "nope", "--database", url])
      #expect(unknown.status == .dataError)
      #expect(unknown.err.contains("no survey \"nope\""))
      let unwritable = CommandRun([
        "export", "responses", "--survey", "s", "--output", "/nonexistent/dir/x.csv",
        "--database", url,
      ])
      #expect(unwritable.status == .cannotCreate)
    }
  }
}
