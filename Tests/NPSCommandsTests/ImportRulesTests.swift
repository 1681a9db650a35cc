import Foundation
import Storage
import StoreTesting
import Testing

/// The rules both imports follow: the survey must exist (an unknown one is an error naming the
/// surveys there are, and nothing is stored), rejected rows are reported and the rest stored
/// (exit 0), and exit 65 when no row could be imported or `--strict` found a rejected row.
@Suite struct ImportRulesTests {
  func write(_ text: String, in folder: URL, as name: String) throws -> String {
    let url = folder.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
  }

  @Test func anUnknownSurveyIsAnErrorForBothImports() throws {
    try withTestDatabaseURL(.sqlite) { url in
      let folder = URL(fileURLWithPath: String(url.dropFirst("sqlite://".count)))
        .deletingLastPathComponent()
      let interactions = try write(
        "email,external_id\na@example.com,T-1\n", in: folder, as: "i.csv")
      let responses = try write("score\n9\n", in: folder, as: "r.csv")
      createSurveys(["other"], database: url)
      let expected =
        "no survey \"nosuch\" (surveys: default, other; create it with nps survey create nosuch)"
      let first = CommandRun([
        "import", "interactions", interactions, "--survey", "nosuch", "--database", url,
      ])
      #expect(first.status == .dataError)
      #expect(first.err == "nps import: \(expected)\n", "\(first.err)")
      let second = CommandRun([
        "import", "responses", responses, "--survey", "nosuch", "--database", url,
      ])
      #expect(second.status == .dataError)
      #expect(second.err == "nps import: \(expected)\n", "\(second.err)")
      let store = try StoreFactory.open(url: url)
      defer { store.close() }
      #expect(try store.surveys().map(\.slug).sorted() == ["default", "other"])
      #expect(try store.interaction(externalID: "T-1") == nil)
      #expect(try store.contactCount() == 0)
    }
  }

  /// Rejected rows with accepted ones: 0 for both imports, the rejected rows on stderr.
  @Test func rejectedRowsBesideAcceptedOnesExitZero() throws {
    try withTestDatabaseURL(.sqlite) { url in
      let folder = URL(fileURLWithPath: String(url.dropFirst("sqlite://".count)))
        .deletingLastPathComponent()
      let interactions = try write(
        "email,external_id\na@example.com,T-1\nnot-an-email,T-2\n", in: folder, as: "i.csv")
      let responses = try write("score\n9\n11\nx\n3\n", in: folder, as: "r.csv")
      let first = CommandRun(["import", "interactions", interactions, "--database", url])
      #expect(first.status == .success, "\(first.err)")
      #expect(first.out.contains("imported 1 interactions"), "\(first.out)")
      #expect(first.out.contains("1 rows rejected"), "\(first.out)")
      #expect(first.err.contains("line 3: email: is not an email address"), "\(first.err)")
      let second = CommandRun([
        "import", "responses", responses, "--survey", "default", "--database", url,
      ])
      #expect(second.status == .success, "\(second.err)")
      #expect(second.out.contains("imported 2 responses"), "\(second.out)")
      #expect(second.err.contains("2 rows rejected"), "\(second.err)")
      // With --strict, the same files store nothing and exit 65.
      for run in [
        CommandRun(["import", "interactions", interactions, "--strict", "--database", url]),
        CommandRun([
          "import", "responses", responses, "--survey", "default", "--strict", "--database", url,
        ]),
      ] {
        #expect(run.status == .dataError)
        #expect(run.err.contains("--strict: nothing imported"), "\(run.err)")
      }
    }
  }

  /// Nothing to import (every row rejected, or no row at all): 65 for both imports.
  @Test func nothingImportableExits65() throws {
    try withTestDatabaseURL(.sqlite) { url in
      let folder = URL(fileURLWithPath: String(url.dropFirst("sqlite://".count)))
        .deletingLastPathComponent()
      let files = [
        ("interactions", try write("email,external_id\nbad,T-1\n", in: folder, as: "i1.csv")),
        ("interactions", try write("email,external_id\n", in: folder, as: "i2.csv")),
        ("responses", try write("score\n11\n", in: folder, as: "r1.csv")),
        ("responses", try write("score\n", in: folder, as: "r2.csv")),
      ]
      for (kind, path) in files {
        let run = CommandRun([
          "import", kind, path, "--survey", "default", "--database", url,
        ])
        #expect(run.status == .dataError, "\(kind) \(path): \(run.err)")
        #expect(run.err.contains("nothing imported: no row could be imported"), "\(run.err)")
      }
      let store = try StoreFactory.open(url: url)
      defer { store.close() }
      #expect(try store.contactCount() == 0)
    }
  }
}
