import Foundation
import Storage
import Testing

/// What the commands say about bad input, through the built binary: line numbers of
/// `nps import interactions`, dates in the CSV imports, `nps invite`'s details and
/// `nps survey update`'s settings.
@Suite struct CommandInputTests {
  static func write(_ text: String, in folder: URL, as name: String) throws -> String {
    let url = folder.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
  }

  static func store(_ folder: URL) throws -> SQLStore {
    try StoreFactory.open(
      url: "sqlite://" + folder.appendingPathComponent("nps.sqlite").path, migrate: false)
  }

  /// Rows are numbered by the line where they start, counting line ends inside quotes, as
  /// `nps score` and `nps import responses` number them.
  @Test func interactionLinesCountQuotedLineEnds() throws {
    let folder = try SendingProcess.temporaryFolder("lines")
    defer { try? FileManager.default.removeItem(at: folder) }
    let environment = SendingProcess.environment(data: folder)
    let file = try Self.write(
      "email,name,external_id\na@x.com,\"multi\nline\",L-1\nbad1,B,L-2\n\nbad2,C,L-3\n",
      in: folder, as: "l.csv")
    let run = try SendingProcess.run(["import", "interactions", file], environment: environment)
    // Every row is rejected: nothing could be imported (65), as in `nps import responses`.
    #expect(run.0 == 65, "\(run.2)")
    #expect(run.2.contains("nothing imported: no row could be imported"), "\(run.2)")
    let lines = run.2.split(separator: "\n").filter { $0.hasPrefix("line ") }
    #expect(
      lines == [
        "line 2: name: must not contain control characters",
        "line 4: email: is not an email address",
        "line 6: email: is not an email address",
      ], "\(run.2)")
  }

  /// Excel serial days in a date-named column are dates, as in `nps import responses`; a date
  /// that cannot be read is rejected with what the column accepts (or the format given).
  @Test func interactionDatesAcceptExcelSerialsAndSayWhatIsAccepted() throws {
    let folder = try SendingProcess.temporaryFolder("dates")
    defer { try? FileManager.default.removeItem(at: folder) }
    let environment = SendingProcess.environment(data: folder)
    let file = try Self.write(
      "email,date,external_id\na@x.com,46000,X1\nb@x.com,soon,X2\nc@x.com,3/1/2026 9:15 AM,X3\n",
      in: folder, as: "d.csv")
    let run = try SendingProcess.run(["import", "interactions", file], environment: environment)
    #expect(run.0 == 0, "\(run.2)")
    #expect(run.1.contains("2 new"), "\(run.1)")
    #expect(
      run.2.contains(
        "line 3: date: \"soon\" is not a date; expected ISO 8601 (2026-03-01, "
          + "2026-03-01T10:15:00Z), US M/D/YYYY, Unix seconds (or milliseconds) or Excel serial "
          + "days (46000)"), "\(run.2)")
    #expect(!run.2.contains("ISO 8601 time"))
    do {
      let store = try Self.store(folder)
      defer { store.close() }
      let x1 = try #require(try store.interaction(externalID: "X1"))
      #expect(x1.occurredAt == Date(timeIntervalSince1970: 1_765_238_400))  // 2025-12-09 (46000)
      let x3 = try #require(try store.interaction(externalID: "X3"))
      #expect(x3.occurredAt == Date(timeIntervalSince1970: 1_772_356_500))  // 2026-03-01 09:15
    }
    let patterned = try SendingProcess.run(
      ["import", "interactions", file, "--date-format", "dd.MM.yyyy"], environment: environment)
    #expect(
      patterned.2.contains(
        "line 2: date: \"46000\" is not a date; expected dd.MM.yyyy (--date-format)"),
      "\(patterned.2)")

    // `nps import responses` names the accepted formats too, and reads the serial.
    let responses = try Self.write("date,score\n46000,9\nsoon,3\n", in: folder, as: "r.csv")
    #expect(try SendingProcess.run(["survey", "create", "r"], environment: environment).0 == 0)
    let imported = try SendingProcess.run(
      ["import", "responses", responses, "--survey", "r"], environment: environment)
    #expect(imported.0 == 0, "\(imported.2)")
    #expect(
      imported.2.contains(
        "1 rows rejected (not a date; expected ISO 8601 (2026-03-01, 2026-03-01T10:15:00Z), "
          + "US M/D/YYYY, Unix seconds (or milliseconds) or Excel serial days (46000)):"),
      "\(imported.2)")
    let report = try SendingProcess.run(
      ["report", "--survey", "r", "--by", "month", "--format", "csv"], environment: environment)
    #expect(report.1.contains("\n2025-12,2025-12-09T00:00:00Z,"), "\(report.1)")
    #expect(report.1.contains("\n,,,1,1,0,0,100.0,"), "\(report.1)")
  }

  /// `nps invite` holds the email, name and locale to the interactions API's rules, names the
  /// argument at fault and stores nothing.
  @Test func inviteChecksDetailsLikeTheAPI() throws {
    let folder = try SendingProcess.temporaryFolder("invite")
    defer { try? FileManager.default.removeItem(at: folder) }
    let environment = SendingProcess.environment(data: folder)
    #expect(try SendingProcess.run(["migrate"], environment: environment).0 == 0)
    let cases: [([String], String)] = [
      (
        ["hdr@x.com", "--name", "Line1\nLine2"],
        "nps invite: --name: must not contain control characters\n"
      ),
      (
        ["hdr@x.com", "--name", String(repeating: "n", count: 201)],
        "nps invite: --name: must be at most 200 characters\n"
      ),
      (
        ["hdr@x.com", "--locale", "!!"],
        "nps invite: --locale \"!!\": must be a language tag such as en or de-AT\n"
      ),
      (["hdr@"], "nps invite: EMAIL \"hdr@\": is not an email address\n"),
    ]
    for (arguments, message) in cases {
      let run = try SendingProcess.run(["invite"] + arguments, environment: environment)
      #expect(run.0 == 64, "\(arguments)")
      #expect(run.2 == message, "\(arguments)")
    }
    do {
      let store = try Self.store(folder)
      defer { store.close() }
      #expect(try store.contactCount() == 0)
      #expect(try store.invitationCounts().values.reduce(0, +) == 0)
    }
    let good = try SendingProcess.run(
      ["invite", " ok@x.com ", "--name", String(repeating: "n", count: 200), "--locale", "de-AT"],
      environment: environment)
    #expect(good.0 == 0, "\(good.2)")
    #expect(good.1.split(separator: "\n").count == 12)
    let store = try Self.store(folder)
    defer { store.close() }
    let contact = try #require(try store.contact(email: "ok@x.com"))
    #expect(contact.name == String(repeating: "n", count: 200))
    #expect(contact.locale == "de-AT")
  }

  /// The mail server down: the invitation is kept for the worker and the exit status is 69
  /// (a service unavailable, as for `nps send-test`), not 65 (bad input).
  @Test func inviteWithTheMailServerDownIsUnavailable() throws {
    let folder = try SendingProcess.temporaryFolder("invite-down")
    defer { try? FileManager.default.removeItem(at: folder) }
    // A loopback port nobody listens on (bound, read back, closed).
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
        _ = bind(listener, pointer, length)
        _ = getsockname(listener, pointer, &length)
      }
    }
    let port = UInt16(bigEndian: address.sin_port)
    close(listener)
    let environment = SendingProcess.environment(
      data: folder, extra: ["NPS_MAIL_URL": "smtp://127.0.0.1:\(port)?starttls=none"])
    let run = try SendingProcess.run(["invite", "down@example.com"], environment: environment)
    #expect(run.0 == 69, "\(run.2)")
    #expect(run.2.contains("the email could not be sent now"), "\(run.2)")
    let store = try Self.store(folder)
    defer { store.close() }
    #expect(try store.invitationCounts()[.scheduled] == 1)
  }

  /// `nps survey update` quotes what was typed and states the allowed range.
  @Test func surveySettingsNameTheirRange() throws {
    let folder = try SendingProcess.temporaryFolder("ranges")
    defer { try? FileManager.default.removeItem(at: folder) }
    let environment = SendingProcess.environment(data: folder)
    let cases: [([String], String)] = [
      (
        ["--quiet-hours", "08:00-08:00"],
        "--quiet-hours: quiet hours must be HH:MM-HH:MM with two different times "
          + "(e.g. 20:00-08:00), got \"08:00-08:00\""
      ),
      (["--delay", "525601"], "--delay: expected whole minutes from 0 to 525600, got \"525601\""),
      (
        ["--throttle-days", "3651"],
        "--throttle-days: expected whole days from 0 to 3650, got \"3651\""
      ),
      (
        ["--reminder-days", "-1"],
        "--reminder-days: expected whole days from 0 to 365 (0 for none), got \"-1\""
      ),
      (
        ["--close-after-days", "0"],
        "--close-after-days: expected whole days from 1 to 3650, got \"0\""
      ),
      // Values the email would silently leave out, or texts the survey does not have.
      (
        ["--logo-url", "https://x/a\"b.png"],
        "--logo-url: must be an https URL of at most 500 characters without spaces, quotes or "
          + "angle brackets"
      ),
      (["--language", "xx"], "--language: must be en, de, fr, es or nl (got \"xx\")"),
    ]
    for (arguments, message) in cases {
      let run = try SendingProcess.run(
        ["survey", "update", "default"] + arguments, environment: environment)
      #expect(run.0 == 64, "\(arguments)")
      #expect(run.2 == "nps survey: \(message)\n", "\(arguments)")
    }
    let edges = try SendingProcess.run(
      [
        "survey", "update", "default", "--delay", "525600", "--throttle-days", "0",
        "--reminder-days", "365", "--close-after-days", "3650",
      ], environment: environment)
    #expect(edges.0 == 0, "\(edges.2)")
    #expect(edges.1.contains("delay minutes: 525600"))
    #expect(edges.1.contains("close after days: 3650"))
    // The question shown is the one contacts see, not the stock text stored in the survey.
    #expect(
      edges.1.contains(
        "question: On a scale of 0-10 how likely are you to recommend {company} to a friend or "
          + "colleague? (built-in)"), "\(edges.1)")
    let accepted = try SendingProcess.run(
      [
        "survey", "update", "default", "--language", "NL", "--logo-url",
        "https://cdn.example.com/logo.png",
      ], environment: environment)
    #expect(accepted.0 == 0, "\(accepted.2)")
    #expect(accepted.1.contains("language: nl"), "\(accepted.1)")
  }

  /// `nps survey create|update` holds values to the dashboard's rules (the shared
  /// `SurveySettingsChange`): names no email header can carry, an empty name, a question the
  /// settings page could not save again, an http logo. Each is refused (64) naming the option,
  /// and the survey is unchanged.
  @Test func surveySettingsTheEmailOrDashboardCannotTakeAreRefused() throws {
    let folder = try SendingProcess.temporaryFolder("settings")
    defer { try? FileManager.default.removeItem(at: folder) }
    let environment = SendingProcess.environment(data: folder)
    #expect(try SendingProcess.run(["migrate"], environment: environment).0 == 0)
    let before = try SendingProcess.run(["survey", "show", "default"], environment: environment)
    #expect(before.0 == 0)
    let lineBreaks = "must not contain line breaks or control characters"
    let cases: [([String], String)] = [
      (["--sender-name", "Evil\nBcc: x@y.com"], "--sender-name: \(lineBreaks)"),
      (["--company", "Multi\nLine Co"], "--company: \(lineBreaks)"),
      (["--company", "Acme\u{2028}Inc"], "--company: \(lineBreaks)"),
      (["--name", ""], "--name: must not be empty"),
      (
        ["--reminder-days", "40"],
        "--reminder-days: must be less than the days the survey stays open (30), or 0"
      ),
      (
        ["--question", String(repeating: "q", count: 10_000)],
        "--question: must be at most 500 characters (got 10000)"
      ),
      (
        ["--logo-url", "http://example.com/logo.png"],
        "--logo-url: must be an https URL of at most 500 characters without spaces, quotes or "
          + "angle brackets"
      ),
      (
        ["--sender-email", "a@b@c"],
        "--sender-email: is not an email address: invalid email address \"a@b@c\": local part "
          + "must be dot-separated atoms (letters, digits, !#$%&'*+-/=?^_`{|}~)"
      ),
      (
        ["--alert-emails", "a..b@example.com"],
        "--alert-emails: \"a..b@example.com\" is not an email address"
      ),
    ]
    for (arguments, message) in cases {
      let run = try SendingProcess.run(
        ["survey", "update", "default", "--delay", "5"] + arguments, environment: environment)
      #expect(run.0 == 64, "\(arguments)")
      #expect(run.2 == "nps survey: \(message)\n", "\(arguments)")
    }
    #expect(
      try SendingProcess.run(["survey", "show", "default"], environment: environment).1
        == before.1)
    let created = try SendingProcess.run(
      ["survey", "create", "blank", "--name", "  "], environment: environment)
    #expect(created.0 == 64)
    #expect(created.2 == "nps survey: --name: must not be empty\n")
    #expect(
      try SendingProcess.run(["survey", "list"], environment: environment).1.contains("blank")
        == false)
    // The longest values pass, trimmed.
    let accepted = try SendingProcess.run(
      [
        "survey", "update", "default", "--name", " Support ", "--company", "Zoë’s Café",
        "--sender-name", "Acme, Inc.", "--question", String(repeating: "q", count: 500),
      ], environment: environment)
    #expect(accepted.0 == 0, "\(accepted.2)")
    #expect(accepted.1.contains("name: Support\n"))
    #expect(accepted.1.contains("sender: Acme, Inc. <"))
    #expect(accepted.1.contains("question: " + String(repeating: "q", count: 500) + "\n"))
  }

  /// `nps user add` holds the email and name to the settings page's rules (`UserDetails`):
  /// a bare `@` or a CR/LF passed the old "contains @" check and broke `nps user list`.
  @Test func userEmailsAndNamesAreChecked() throws {
    let folder = try SendingProcess.temporaryFolder("users")
    defer { try? FileManager.default.removeItem(at: folder) }
    let environment = SendingProcess.environment(data: folder)
    #expect(try SendingProcess.run(["migrate"], environment: environment).0 == 0)
    let cases: [([String], String)] = [
      (["@"], "nps user: email: is not an email address"),
      (["a@b\r\nX-Injected: 1"], "nps user: email: is not an email address"),
      (["ok@example.com", "--name", "Two\nlines"], "nps user: name: must not contain line breaks"),
    ]
    for (arguments, message) in cases {
      let run = try SendingProcess.run(
        ["user", "add"] + arguments + ["--role", "viewer", "--password-stdin"],
        environment: environment)
      #expect(run.0 == 65, "\(arguments)")
      #expect(run.2.hasPrefix(message), "\(run.2)")
    }
    #expect(try SendingProcess.run(["user", "list"], environment: environment).1.isEmpty)
  }

  /// A CSV row whose name no email header can carry is refused like any bad field.
  @Test func importedNamesAreHeldToTheMailRule() throws {
    let folder = try SendingProcess.temporaryFolder("names")
    defer { try? FileManager.default.removeItem(at: folder) }
    let environment = SendingProcess.environment(data: folder)
    let file = try Self.write(
      "email,name,external_id\na@x.com,Ana\u{2028}Bell,N-1\nb@x.com,Bo Bell,N-2\n",
      in: folder, as: "n.csv")
    let run = try SendingProcess.run(["import", "interactions", file], environment: environment)
    // The refused row is reported, the other one stored (exit 0, the imports' rule).
    #expect(run.0 == 0)
    let lines = run.2.split(separator: "\n").filter { $0.hasPrefix("line ") }
    #expect(
      lines == ["line 2: name: must not contain line breaks or control characters"], "\(run.2)")
    let store = try Self.store(folder)
    defer { store.close() }
    #expect(try store.contact(email: "a@x.com") == nil)
    #expect(try store.contact(email: "b@x.com")?.name == "Bo Bell")
  }
}
