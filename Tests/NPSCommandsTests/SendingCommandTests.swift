import Foundation
import Storage
import Testing

/// The sending commands through the built binary: apikey, survey, import interactions,
/// decisions, send-test.
@Suite struct SendingCommandTests {
  @Test func apikeyPrintsTheKeyAloneAndStoresOnlyItsHash() throws {
    let folder = try SendingProcess.temporaryFolder("apikey")
    defer { try? FileManager.default.removeItem(at: folder) }
    let environment = SendingProcess.environment(data: folder)
    let (status, out, err) = try SendingProcess.run(
      ["apikey", "create", "--scope", "ingest", "--name", "helpdesk"], environment: environment)
    #expect(status == 0)
    let key = out.trimmingCharacters(in: .newlines)
    #expect(out == key + "\n")
    #expect(key.hasPrefix("nps_") && key.count == 26)
    #expect(err.contains("shown only now"))
    let database = try Data(contentsOf: folder.appendingPathComponent("nps.sqlite"))
    #expect(database.range(of: Data(key.utf8)) == nil)
    #expect(
      try SendingProcess.run(["apikey", "create", "--scope", "root"], environment: environment).0
        == 64)
    let list = try SendingProcess.run(["apikey", "list"], environment: environment)
    #expect(list.1.contains("helpdesk\tingest\tactive"))
  }

  @Test func surveysAreCreatedUpdatedAndShown() throws {
    let folder = try SendingProcess.temporaryFolder("survey")
    defer { try? FileManager.default.removeItem(at: folder) }
    let environment = SendingProcess.environment(data: folder)
    // Listing reads an existing database only; `nps migrate` makes it, with the default survey.
    #expect(try SendingProcess.run(["survey", "list"], environment: environment).0 == 66)
    #expect(try SendingProcess.run(["migrate"], environment: environment).0 == 0)
    #expect(
      try SendingProcess.run(["survey", "list"], environment: environment).1.hasPrefix("default\t"))
    #expect(
      try SendingProcess.run(
        ["survey", "create", "onboarding", "--name", "Onboarding"], environment: environment
      ).0 == 0)
    let updated = try SendingProcess.run(
      [
        "survey", "update", "onboarding", "--delay", "30", "--throttle-days", "60",
        "--sample-rate", "0.25", "--quiet-hours", "21:00-07:30", "--reminder-days", "0",
        "--company", "Acme", "--brand-color", "#112233", "--language", "de",
      ], environment: environment)
    #expect(updated.0 == 0, "\(updated.2)")
    let shown = try SendingProcess.run(["survey", "show", "onboarding"], environment: environment).1
    for line in [
      "delay minutes: 30", "throttle days: 60", "sample rate: 0.25", "quiet hours: 21:00-07:30",
      "reminder days: 0", "company: Acme", "brand color: #112233", "language: de",
    ] {
      #expect(shown.contains(line), "\(line)")
    }
    let off = try SendingProcess.run(
      ["survey", "update", "onboarding", "--quiet-hours", "off"], environment: environment)
    #expect(off.1.contains("quiet hours: off"))
    #expect(
      try SendingProcess.run(
        ["survey", "update", "onboarding", "--sample-rate", "2"], environment: environment
      ).0 == 64)
    #expect(
      try SendingProcess.run(
        ["survey", "update", "onboarding", "--quiet-hours", "25:00-01:00"], environment: environment
      ).0 == 64)
    #expect(
      try SendingProcess.run(
        ["survey", "update", "nope", "--delay", "1"], environment: environment
      ).0 == 65)
  }

  @Test func importInteractionsNormalisesContactsAndRecordsDecisions() throws {
    let folder = try SendingProcess.temporaryFolder("import")
    defer { try? FileManager.default.removeItem(at: folder) }
    let environment = SendingProcess.environment(data: folder)
    let file = TestPaths.caseFile("contacts-identity.csv")
    let first = try SendingProcess.run(["import", "interactions", file], environment: environment)
    #expect(first.0 == 0, "\(first.2)")
    #expect(first.1.contains("3 new, 0 already known, 2 invitations scheduled"))
    let again = try SendingProcess.run(["import", "interactions", file], environment: environment)
    #expect(again.1.contains("0 new, 3 already known, 0 invitations scheduled"))
    let store = try StoreFactory.open(
      url: "sqlite://" + folder.appendingPathComponent("nps.sqlite").path, migrate: false)
    defer { store.close() }
    #expect(try store.contactCount() == 2)
    #expect(try store.invitationCounts()[.scheduled] == 2)
    let decisions = try SendingProcess.run(["decisions", "T-2"], environment: environment)
    #expect(decisions.0 == 0)
    #expect(decisions.1.contains("skip\tpending_invitation"))
    let invited = try SendingProcess.run(["decisions", "T-1"], environment: environment)
    #expect(invited.1.contains("invite\tscheduled for"))
    #expect(invited.1.contains("invitation 1\tscheduled"))
    #expect(try SendingProcess.run(["decisions", "T-9"], environment: environment).0 == 65)
  }

  @Test func importInteractionsMapsColumnsAndReportsBadRows() throws {
    let folder = try SendingProcess.temporaryFolder("mapping")
    defer { try? FileManager.default.removeItem(at: folder) }
    let environment = SendingProcess.environment(data: folder)
    // A helpdesk export: semicolons, Windows-1252 ("Zoë"), other header names.
    let csv =
      "Requester Mail;Who;Ticket #;Solved;Agent\r\nzoe@example.com;Zo\u{EB};1001;03/02/2026 09:15;Ana\r\nnot-an-email;X;1002;03/02/2026 09:20;Ben\r\n"
    let path = folder.appendingPathComponent("export.csv")
    try #require(csv.data(using: .windowsCP1252)).write(to: path)
    let strict = try SendingProcess.run(
      [
        "import", "interactions", path.path, "--email-column", "requester mail",
        "--name-column", "Who", "--external-id-column", "Ticket #", "--occurred-at-column",
        "Solved", "--properties", "Agent", "--tz", "Europe/Berlin", "--strict",
      ], environment: environment)
    #expect(strict.0 == 65)
    #expect(strict.2.contains("line 3: Requester Mail: is not an email address"))
    let loose = try SendingProcess.run(
      [
        "import", "interactions", path.path, "--email-column", "requester mail",
        "--name-column", "Who", "--external-id-column", "Ticket #", "--occurred-at-column",
        "Solved", "--properties", "Agent", "--tz", "Europe/Berlin",
      ], environment: environment)
    #expect(loose.0 == 0, "\(loose.2)")
    #expect(loose.1.contains("1 new"))
    let store = try StoreFactory.open(
      url: "sqlite://" + folder.appendingPathComponent("nps.sqlite").path, migrate: false)
    defer { store.close() }
    let interaction = try #require(try store.interaction(externalID: "1001"))
    // 09:15 in Berlin (CET, UTC+1) on 2 March 2026 = 08:15Z = 1772439300.
    #expect(interaction.occurredAt == Date(timeIntervalSince1970: 1_772_439_300))
    #expect(interaction.properties == ["Agent": "Ana"])
    #expect(try store.contact(email: "zoe@example.com")?.name == "Zoë")
  }

  @Test func sendTestWritesOneEmailToTheOutbox() throws {
    let folder = try SendingProcess.temporaryFolder("sendtest")
    defer { try? FileManager.default.removeItem(at: folder) }
    let environment = SendingProcess.environment(data: folder)
    let (status, out, _) = try SendingProcess.run(
      ["send-test", "me@example.com", "--locale", "nl"], environment: environment)
    #expect(status == 0)
    #expect(out.hasPrefix("sent <"))
    let outbox = folder.appendingPathComponent("outbox")
    let files = try FileManager.default.contentsOfDirectory(atPath: outbox.path)
    #expect(files.count == 1)
    let text = try String(contentsOf: outbox.appendingPathComponent(files[0]), encoding: .utf8)
    #expect(text.contains("To: <me@example.com>"))
    #expect(text.contains("aanbeveelt"))
    #expect(
      try SendingProcess.run(
        ["send-test", "me@example.com", "--survey", "nope"], environment: environment
      ).0 == 65)
    // A name no header can carry is called that, not a bad address; nothing is sent.
    let badName = try SendingProcess.run(
      ["send-test", "me@example.com", "--name", "Ana\u{2028}Bell"], environment: environment)
    #expect(badName.0 == 65)
    #expect(
      badName.2
        == "nps send-test: the name cannot be written into an email header (the display name "
        + "header contains a line break or control character)\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: outbox.path).count == 1)
  }

  /// The line saying where the test email went names the mail server, never its password.
  @Test func sendTestNeverPrintsTheSMTPPassword() throws {
    let folder = try SendingProcess.temporaryFolder("sendtest-smtp")
    defer { try? FileManager.default.removeItem(at: folder) }
    let sink = try SendingSink()
    var environment = SendingProcess.environment(data: folder)
    environment["NPS_MAIL_URL"] = "smtp://u:secretpw@127.0.0.1:\(sink.port)?starttls=none"
    let (status, out, err) = try SendingProcess.run(
      ["send-test", "me@example.com"], environment: environment)
    #expect(status == 0, "\(err)")
    #expect(out.contains("via smtp://u:***@127.0.0.1:\(sink.port) (none)"), "\(out)")
    #expect(!out.contains("secretpw") && !err.contains("secretpw"))
    #expect(try sink.received().count == 1)
    // A refused recipient is bad data (65), a server that is down unavailable (69).
    let refused = try SendingProcess.run(
      ["send-test", "reject@example.com"], environment: environment)
    #expect(refused.0 == 65, "\(refused.2)")
    environment["NPS_MAIL_URL"] = "smtp://127.0.0.1:1?starttls=none&connect_timeout=2"
    let down = try SendingProcess.run(["send-test", "me@example.com"], environment: environment)
    #expect(down.0 == 69, "\(down.2)")
  }
}
