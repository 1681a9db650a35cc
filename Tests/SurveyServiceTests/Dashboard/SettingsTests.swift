import Foundation
import HTTPServer
import NPSCore
import Storage
import StoreTesting
import Testing

@testable import SurveyService

@Suite("Dashboard settings", .serialized) struct SettingsTests {
  @Test(arguments: StoreKind.allCases) func membersSaveTheSurveyAndBadValuesAreRefused(
    kind: StoreKind
  ) throws {
    try DashboardHarness.with(kind) { harness in
      try harness.addUser("member@example.com", role: .member)
      let cookie = try harness.login("member@example.com")
      let page = try harness.get("/dashboard/settings", cookie: cookie).text
      let token = try #require(DashboardHarness.csrf(in: page))
      // A member sees no API keys or users.
      #expect(!page.contains("API keys"))
      var fields: [(String, String)] = [
        ("csrf", token), ("survey", "default"), ("name", "Support"),
        ("question", "Would you recommend <us>?"), ("throttle_days", "30"),
        ("delay_minutes", "15"), ("reminder_days", "0"), ("sample_rate", "0.5"),
        ("quiet_start", "21:30"), ("quiet_end", "08:00"), ("brand_color", "#112233"),
        ("language", "de"), ("public_page", "1"),
      ]
      #expect(
        try harness.post("/dashboard/settings/survey", fields, cookie: cookie).status == .seeOther)
      let survey = try #require(try harness.context.store.survey(slug: "default"))
      #expect(survey.name == "Support")
      #expect(survey.question == "Would you recommend <us>?")
      #expect(survey.throttleDays == 30)
      #expect(survey.delayMinutes == 15)
      #expect(survey.reminderDays == 0)
      #expect(survey.sampleRate == 0.5)
      #expect(survey.quietStartMinute == 21 * 60 + 30)
      #expect(survey.quietEndMinute == 8 * 60)
      #expect(survey.brandColor == "#112233")
      #expect(survey.language == "de")
      #expect(survey.publicPage)
      #expect(
        try harness.get("/dashboard/settings", cookie: cookie).text.contains(
          "value=\"Would you recommend &lt;us&gt;?\""))
      for (name, bad) in [
        ("brand_color", "red;}"), ("sample_rate", "2"), ("language", "xx"),
        ("quiet_start", "25:00"),
        ("throttle_days", "-1"),
      ] {
        fields.removeAll { $0.0 == name }
        let response = try harness.post(
          "/dashboard/settings/survey", fields + [(name, bad)], cookie: cookie)
        #expect(response.status == .badRequest, "\(name)")
        fields.append(
          (
            name,
            name == "brand_color"
              ? "#112233"
              : name == "sample_rate"
                ? "0.5"
                : name == "language" ? "de" : name == "quiet_start" ? "21:30" : "30"
          ))
      }
      // Quiet hours that end when they start are refused, as on the command line.
      fields.removeAll { $0.0 == "quiet_start" }
      let same = try harness.post(
        "/dashboard/settings/survey", fields + [("quiet_start", "08:00")], cookie: cookie)
      #expect(same.status == .badRequest)
      #expect(same.text.contains("Quiet hours must end at another time than they start"))
      #expect(try harness.context.store.survey(slug: "default")?.quietStartMinute == 21 * 60 + 30)
      // API keys are for admins only.
      #expect(
        try harness.post(
          "/dashboard/settings/keys", [("csrf", token), ("name", "x"), ("scope", "read")],
          cookie: cookie
        ).status == .forbidden)
    }
  }

  /// Standard wording shows as empty fields whose placeholders are the built-in texts the
  /// contacts see (not the stock values stored in the survey); saving them empty keeps the
  /// built-in texts, and a text typed in replaces them.
  @Test func standardWordingShowsTheBuiltInTextsAndStaysStandardWhenSaved() throws {
    try DashboardHarness.with(.sqlite) { harness in
      try harness.addUser("member@example.com", role: .member)
      let cookie = try harness.login("member@example.com")
      let page = try harness.get("/dashboard/settings", cookie: cookie).text
      let token = try #require(DashboardHarness.csrf(in: page))
      #expect(
        page.contains(
          "name=\"followup_detractor\" value=\"\" placeholder=\"If you did not give us a 10, "
            + "what can we do to allow you to give us a 10 in the future?\""))
      #expect(!page.contains("What would make us a 10 for you?"))
      let fields: [(String, String)] = [
        ("csrf", token), ("survey", "default"), ("question", ""), ("followup_promoter", ""),
        ("followup_passive", "  "), ("followup_detractor", "What went wrong?"),
      ]
      #expect(
        try harness.post("/dashboard/settings/survey", fields, cookie: cookie).status == .seeOther)
      let survey = try #require(try harness.context.store.survey(slug: "default"))
      let stock = Survey(slug: "", name: "")
      #expect(survey.question == stock.question)
      #expect(survey.followupPassive == stock.followupPassive)
      #expect(survey.followupDetractor == "What went wrong?")
      let texts = SurveyWording.texts(for: survey, locale: "de")
      #expect(texts.followUpDetractor == "What went wrong?")
      #expect(texts.followUpPassive == SurveyTexts.builtIn(.german).followUpPassive)
      #expect(
        try harness.get("/dashboard/settings", cookie: cookie).text.contains(
          "name=\"followup_detractor\" value=\"What went wrong?\""))
    }
  }

  /// The settings page takes the same ranges as `nps survey update` (SurveySettingLimits)
  /// and states the range it refuses.
  @Test func numericSettingsHaveTheCommandLinesRanges() throws {
    try DashboardHarness.with(.sqlite) { harness in
      try harness.addUser("member@example.com", role: .member)
      let cookie = try harness.login("member@example.com")
      let token = try #require(
        DashboardHarness.csrf(in: try harness.get("/dashboard/settings", cookie: cookie).text))
      func save(_ name: String, _ value: String) throws -> Response {
        try harness.post(
          "/dashboard/settings/survey", [("csrf", token), ("survey", "default"), (name, value)],
          cookie: cookie)
      }
      #expect(try save("delay_minutes", "525600").status == .seeOther)
      // A reminder must come before the survey closes (30 days by default).
      let late = try save("reminder_days", "365")
      #expect(late.status == .badRequest)
      #expect(
        late.text.contains(
          "reminder_days: must be less than the days the survey stays open (30), or 0."))
      // With the survey open for ten years (set on the command line), a year is fine.
      var open = try #require(try harness.context.store.survey(slug: "default"))
      open.closeAfterDays = 3650
      try harness.context.store.updateSurvey(open, now: Date())
      #expect(try save("reminder_days", "365").status == .seeOther)
      #expect(try save("throttle_days", "3650").status == .seeOther)
      let survey = try #require(try harness.context.store.survey(slug: "default"))
      #expect(survey.delayMinutes == 525_600)
      #expect(survey.reminderDays == 365)
      #expect(survey.throttleDays == 3650)
      let refused = try save("delay_minutes", "525601")
      #expect(refused.status == .badRequest)
      #expect(refused.text.contains("delay_minutes: must be a whole number from 0 to 525600."))
      #expect(try save("reminder_days", "366").status == .badRequest)
      #expect(try harness.context.store.survey(slug: "default")?.delayMinutes == 525_600)
    }
  }

  /// The settings page holds values to the rules of `nps survey update` (the shared
  /// `SurveySettingsChange`): a name no email header can carry, an empty survey name or an
  /// overlong question is refused with the field named, and nothing is saved.
  @Test(arguments: StoreKind.allCases) func valuesNoEmailCanCarryAreRefusedAndNothingChanges(
    kind: StoreKind
  ) throws {
    try DashboardHarness.with(kind) { harness in
      try harness.addUser("member@example.com", role: .member)
      let cookie = try harness.login("member@example.com")
      let token = try #require(
        DashboardHarness.csrf(in: try harness.get("/dashboard/settings", cookie: cookie).text))
      let before = try #require(try harness.context.store.survey(slug: "default"))
      let cases: [(String, String, String)] = [
        (
          "brand_name", "Line1\nLine2",
          "brand_name: must not contain line breaks or control characters."
        ),
        (
          "brand_name", "Acme\u{2028}Inc",
          "brand_name: must not contain line breaks or control characters."
        ),
        ("name", "", "name: must not be empty."),
        ("name", "  ", "name: must not be empty."),
        (
          "question", String(repeating: "q", count: 501),
          "question: must be at most 500 characters (got 501)."
        ),
        (
          "logo_url", "http://example.com/logo.png",
          "logo_url: must be an https URL of at most 500 characters without spaces, quotes or "
            + "angle brackets."
        ),
        ("language", "xx", "language: must be en, de, fr, es or nl (got \"xx\")."),
      ]
      for (field, value, message) in cases {
        let response = try harness.post(
          "/dashboard/settings/survey",
          [("csrf", token), ("survey", "default"), ("name", "Renamed"), (field, value)]
            .filter { $0.0 != field || $0.1 == value }, cookie: cookie)
        #expect(response.status == .badRequest, "\(field)")
        #expect(response.text.contains(message), "\(field): \(response.text)")
        #expect(try harness.context.store.survey(slug: "default") == before, "\(field)")
      }
    }
  }

  /// Whatever the rules accept (here the longest question and an https logo, as
  /// `nps survey update` could set them) shows in the form and saves again unchanged when only
  /// the name is edited: the form never refuses its own values.
  @Test func theFormSavesAgainWhatTheRulesAccepted() throws {
    try DashboardHarness.with(.sqlite) { harness in
      try harness.addUser("member@example.com", role: .member)
      let cookie = try harness.login("member@example.com")
      var survey = try #require(try harness.context.store.survey(slug: "default"))
      var change = SurveySettingsChange()
      change.question = String(repeating: "q", count: SurveySettingsChange.wordingLength)
      change.logoURL = .some("https://cdn.example.com/logo.png")
      change.brandName = "Zoë’s Café"
      try change.apply(to: &survey)
      try harness.context.store.updateSurvey(survey, now: Date())
      let page = try harness.get("/dashboard/settings", cookie: cookie).text
      // Every text field of the survey form, with the value it shows.
      let pattern = #/<input type="(?:text|number|hidden)" name="([a-z_]+)" value="([^"]*)"/#
      let start = try #require(page.range(of: "action=\"/dashboard/settings/survey\""))
      let end = try #require(page[start.upperBound...].range(of: "</form>"))
      var fields = page[start.upperBound..<end.lowerBound].matches(of: pattern).map {
        (String($0.1), String($0.2))
      }
      #expect(fields.contains { $0.0 == "question" && $0.1.count == 500 })
      #expect(fields.contains { $0.0 == "logo_url" && $0.1 == "https://cdn.example.com/logo.png" })
      fields.removeAll { $0.0 == "name" }
      fields.append(("name", "Renamed"))
      let saved = try harness.post("/dashboard/settings/survey", fields, cookie: cookie)
      #expect(saved.status == .seeOther, "\(saved.text)")
      let after = try #require(try harness.context.store.survey(slug: "default"))
      #expect(after.name == "Renamed")
      #expect(after.question == survey.question)
      #expect(after.logoURL == survey.logoURL)
      #expect(after.brandName == "Zoë’s Café")
    }
  }

  @Test func adminsCreateAndRevokeKeysAndAddUsers() throws {
    try DashboardHarness.with(.sqlite) { harness in
      try harness.addUser("admin@example.com", role: .admin)
      let cookie = try harness.login("admin@example.com")
      let token = try #require(
        DashboardHarness.csrf(in: try harness.get("/dashboard/settings", cookie: cookie).text))
      let created = try harness.post(
        "/dashboard/settings/keys", [("csrf", token), ("name", "BI tool"), ("scope", "read")],
        cookie: cookie)
      #expect(created.status == .ok)
      let shown = try #require(
        created.text.range(of: "id=\"new-key\">New key (shown once): <code>"))
      let key = String(created.text[shown.upperBound...].prefix { $0 != "<" })
      #expect(key.hasPrefix("nps_"))
      let request = try Request(
        method: .get, target: "/api/v1/reports/nps", headers: ["Authorization": "Bearer " + key])
      #expect(harness.responder.response(for: request, logger: .disabled).status == .ok)
      let stored = try #require(try harness.context.store.apiKeys().first)
      #expect(stored.scopes == ["read"])
      #expect(
        try harness.post(
          "/dashboard/settings/keys/\(stored.id)/revoke", [("csrf", token)], cookie: cookie
        ).status == .seeOther)
      #expect(harness.responder.response(for: request, logger: .disabled).status == .unauthorized)
      // Add a viewer; the viewer can sign in.
      let added = try harness.post(
        "/dashboard/settings/users",
        [
          ("csrf", token), ("email", "new@example.com"), ("role", "viewer"),
          ("password", "another long password"),
        ], cookie: cookie)
      #expect(added.status == .seeOther)
      _ = try harness.login("new@example.com", password: "another long password")
      // Disabling ends the viewer's sessions; an admin cannot disable themselves.
      let user = try #require(try harness.context.store.user(email: "new@example.com"))
      #expect(
        try harness.post(
          "/dashboard/settings/users/\(user.id)",
          [("csrf", token), ("role", "viewer"), ("disabled", "1")], cookie: cookie
        ).status == .seeOther)
      #expect(throws: HarnessError.self) {
        try harness.login("new@example.com", password: "another long password")
      }
      #expect(
        try harness.post(
          "/dashboard/settings/users/1", [("csrf", token), ("role", "viewer")], cookie: cookie
        ).status == .badRequest)
      // A user who does not exist is a 404, not a 500.
      #expect(
        try harness.post(
          "/dashboard/settings/users/999", [("csrf", token), ("role", "admin")], cookie: cookie
        ).status == .notFound)
      // Emails and names are held to the command line's rules (UserDetails).
      let count = try harness.context.store.users().count
      for (email, name, problem) in [
        ("@", "", "email: is not an email address"),
        ("a@b\r\nX-Injected: 1", "", "email: is not an email address"),
        ("ok@example.com", "Two\nlines", "name: must not contain line breaks"),
      ] {
        let refused = try harness.post(
          "/dashboard/settings/users",
          [
            ("csrf", token), ("email", email), ("name", name), ("role", "viewer"),
            ("password", "another long password"),
          ], cookie: cookie)
        #expect(refused.status == .badRequest, "\(email)")
        #expect(refused.text.contains(problem), "\(refused.text)")
      }
      #expect(try harness.context.store.users().count == count)
    }
  }
}
