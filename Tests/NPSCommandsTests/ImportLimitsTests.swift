import Foundation
import NPSCore
import Storage
import StoreTesting
import Testing

/// The size limits of the imports: the CSV record limit (8 MiB) stops `nps import responses`
/// and `nps score` with the line, wherever the record falls; a comment longer than the survey
/// form's 5,000 characters is a rejected row; `nps import interactions` holds each text field
/// to the API's limits.
@Suite struct ImportLimitsTests {
  func write(_ bytes: [UInt8], in folder: URL, as name: String) throws -> String {
    let url = folder.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
  }

  func folder(of url: String) -> URL {
    URL(fileURLWithPath: String(url.dropFirst("sqlite://".count))).deletingLastPathComponent()
  }

  /// The reported trial: one quoted comment of 9,000,000 bytes (under 20,000,000, which was
  /// already refused): both commands stop at line 2 with exit 65, and nothing is stored.
  @Test func aRecordOverTheLimitStopsImportAndScore() throws {
    try withTestDatabaseURL(.sqlite) { url in
      var bytes = Array("id,score,comment\ng1,9,fine\ng3,5,\"".utf8)
      bytes += [UInt8](repeating: UInt8(ascii: "y"), count: 9_000_000)
      bytes += Array("\"\ng4,7,ok\n".utf8)
      let path = try write(bytes, in: folder(of: url), as: "long.csv")
      let expected =
        "line 3: record longer than 8388608 bytes (a field too long, or a quote that never closes)"
      let imported = CommandRun([
        "import", "responses", path, "--survey", "default", "--database", url,
      ])
      #expect(imported.status == .dataError)
      #expect(
        imported.err == "nps import: \(path): \(expected); nothing was imported\n",
        "\(imported.err)")
      let scored = CommandRun(["score", path])
      #expect(scored.status == .dataError)
      #expect(scored.err == "nps score: \(path): \(expected)\n", "\(scored.err)")
      let store = try StoreFactory.open(url: url)
      defer { store.close() }
      let survey = try #require(try store.survey(slug: "default"))
      #expect(try store.responses(ResponseQuery(surveyID: survey.id)).isEmpty)
    }
  }

  /// Comments are held to the survey form's limit (5,000 characters, counted as characters: a
  /// family emoji of 25 bytes is one) and its NUL rule: such rows are rejected by line, the
  /// others imported, exit 0; `--strict` imports nothing; `nps score` counts every score.
  @Test func aCommentTheFormWouldRefuseIsARejectedRow() throws {
    try withTestDatabaseURL(.sqlite) { url in
      let family = "👨‍👩‍👧‍👦"
      #expect(family.utf8.count == 25 && family.count == 1)
      let atLimit = String(repeating: family, count: 5_000)
      let overLimit = String(repeating: "y", count: 5_001)
      let text =
        "id,score,comment\n"
        + "a1,9,\"\(atLimit)\"\n"
        + "a2,3,\(overLimit)\n"
        + "a3,10,\"  short, and \(String(repeating: "z", count: 4_989))  \"\n"
        + "a4,6,nul\u{0}here\n"
        + "a5,8,\n"
      let path = try write(Array(text.utf8), in: folder(of: url), as: "comments.csv")

      let strict = CommandRun([
        "import", "responses", path, "--survey", "default", "--strict", "--database", url,
      ])
      #expect(strict.status == .dataError)
      #expect(strict.err.contains("--strict: nothing imported because 2 rows were rejected"))

      let run = CommandRun([
        "import", "responses", path, "--survey", "default", "--database", url,
      ])
      #expect(run.status == .success, "\(run.err)")
      #expect(run.out == "imported 3 responses into survey \"default\" (3 new, 0 replaced by id)\n")
      #expect(
        run.err
          == "1 rows rejected (comment longer than 5000 characters):\n"
          + "  line 3: \"\(String(repeating: "y", count: 40))…\"\n"
          + "1 rows rejected (comment contains NUL):\n"
          + "  line 5: \"nul\\0here\"\n"
          + "3 responses had no date and are dated now (a re-import keeps the stored date)\n",
        "\(run.err)")
      let store = try StoreFactory.open(url: url)
      defer { store.close() }
      let survey = try #require(try store.survey(slug: "default"))
      let stored = try store.responses(ResponseQuery(surveyID: survey.id))
      let byID = Dictionary(uniqueKeysWithValues: stored.map { ($0.externalID ?? "", $0) })
      #expect(byID.keys.sorted() == ["a1", "a3", "a5"])
      #expect(byID["a1"]?.comment == atLimit)
      #expect(byID["a3"]?.comment == "short, and \(String(repeating: "z", count: 4_989))")
      #expect(byID["a5"]?.comment == nil)

      // nps score stores nothing: it counts all five scores, comments whatever their length.
      let scored = CommandRun(["score", path, "--format", "json"])
      #expect(scored.status == .success, "\(scored.err)")
      let overall = try #require(try scored.json()["overall"] as? [String: Any])
      #expect(overall["n"] as? Int == 5)
    }
  }

  /// Ids and segment values are held to the API's limits too: an id over 200 characters, a
  /// value over 500, or either with a control character (a line break in a quoted cell, NUL,
  /// which no store keeps) is a rejected row; a column whose name is over 100 characters is
  /// no segment.
  @Test func idsAndSegmentsOverTheAPIsLimitsAreRejectedRows() throws {
    try withTestDatabaseURL(.sqlite) { url in
      let longName = String(repeating: "n", count: 101)
      let text =
        "id,score,team,\(longName)\n"
        + "\(String(repeating: "i", count: 201)),9,red,x\n"
        + "b2,3,\(String(repeating: "v", count: 501)),x\n"
        + "b3,10,\"two\nlines\",x\n"
        + "b4,6,nul\u{0}team,x\n"
        + "b5,8,blue,x\n"
      let path = try write(Array(text.utf8), in: folder(of: url), as: "fields.csv")
      let strict = CommandRun([
        "import", "responses", path, "--survey", "default", "--strict", "--database", url,
      ])
      #expect(strict.status == .dataError)
      #expect(strict.err.contains("--strict: nothing imported because 4 rows were rejected"))
      let run = CommandRun([
        "import", "responses", path, "--survey", "default", "--database", url,
      ])
      #expect(run.status == .success, "\(run.err)")
      #expect(run.out == "imported 1 responses into survey \"default\" (1 new, 0 replaced by id)\n")
      #expect(
        run.err
          == "column 4's name is longer than 100 characters: not imported as a segment\n"
          + "1 rows rejected (id longer than 200 characters):\n"
          + "  line 2: \"\(String(repeating: "i", count: 40))…\"\n"
          + "1 rows rejected (segment value longer than 500 characters):\n"
          + "  line 3: \"\(String(repeating: "v", count: 40))…\"\n"
          + "2 rows rejected (id or segment value with a control character (NUL, a line break)):\n"
          + "  line 4: \"two\\u{a}lines\"\n"
          + "  line 6: \"nul\\u{0}team\"\n"
          + "1 responses had no date and are dated now (a re-import keeps the stored date)\n",
        "\(run.err)")
      let store = try StoreFactory.open(url: url)
      defer { store.close() }
      let survey = try #require(try store.survey(slug: "default"))
      let stored = try store.responses(ResponseQuery(surveyID: survey.id))
      #expect(stored.map(\.externalID) == ["b5"])
      #expect(stored.first?.properties == ["team": "blue"])
    }
  }

  /// `nps import interactions` checks each row as the API does: a text field over its limit is
  /// a rejected row naming the field, and the row is not stored.
  @Test func interactionFieldsOverTheirLimitsAreRejectedRows() throws {
    try withTestDatabaseURL(.sqlite) { url in
      let text =
        "email,external_id,name,kind,channel,team\n"
        + "a@example.com,T-1,Ann,ticket,email,blue\n"
        + "b@example.com,T-2,\(String(repeating: "n", count: 201)),ticket,email,blue\n"
        + "c@example.com,T-3,Cy,\(String(repeating: "k", count: 101)),email,blue\n"
        + "d@example.com,\(String(repeating: "i", count: 201)),Di,ticket,email,blue\n"
        + "e@example.com,T-5,Ed,ticket,email,\(String(repeating: "v", count: 501))\n"
        + "f@example.com,T-6,\(String(repeating: "n", count: 200)),ticket,email,blue\n"
      let path = try write(Array(text.utf8), in: folder(of: url), as: "interactions.csv")
      let run = CommandRun([
        "import", "interactions", path, "--properties", "team", "--database", url,
      ])
      #expect(run.status == .success, "\(run.err)")
      #expect(run.out.contains("imported 2 interactions"), "\(run.out)")
      #expect(run.out.contains("4 rows rejected"), "\(run.out)")
      for expected in [
        "line 3: name: must be at most 200 characters",
        "line 4: kind: must be at most 100 characters",
        "line 5: external_id: must be at most 200 characters",
        "line 6: properties: must be at most 500 characters",
      ] {
        #expect(run.err.contains(expected), "\(expected) in \(run.err)")
      }
      let store = try StoreFactory.open(url: url)
      defer { store.close() }
      #expect(try store.interaction(externalID: "T-1") != nil)
      #expect(try store.interaction(externalID: "T-6") != nil)
      for id in ["T-2", "T-3", "T-5"] { #expect(try store.interaction(externalID: id) == nil) }
    }
  }
}
