import Foundation
import HTTPServer
import Storage
import StoreTesting
import Testing

@testable import SurveyService

/// The webhooks section of the settings page and the survey's alert addresses.
@Suite struct WebhookSettingsTests {
  @Test func adminsAddAndRemoveWebhooksAndSeeTheSecretOnce() throws {
    try DashboardHarness.with(.sqlite) { harness in
      try harness.addUser("admin@example.com", role: .admin)
      try harness.addUser("member@example.com", role: .member)
      let cookie = try harness.login("admin@example.com")
      let settings = try harness.get("/dashboard/settings", cookie: cookie)
      #expect(settings.text.contains("<h2>Webhooks</h2>"))
      let token = try #require(DashboardHarness.csrf(in: settings.text))
      // Only http(s): a clear error and nothing stored.
      let refused = try harness.post(
        "/dashboard/settings/webhooks",
        [("csrf", token), ("url", "javascript:alert(1)"), ("event", "response.detractor")],
        cookie: cookie)
      #expect(refused.status == .badRequest)
      #expect(refused.text.contains("only http and https"))
      #expect(try harness.context.store.webhooks().isEmpty)

      let added = try harness.post(
        "/dashboard/settings/webhooks",
        [
          ("csrf", token), ("url", "https://hooks.example.com/nps?a=1&b=<2>"),
          ("event", "response.detractor"), ("event", "response.changed"), ("survey", "default"),
        ], cookie: cookie)
      #expect(added.status == .ok)
      let marker = try #require(
        added.text.range(of: "id=\"new-webhook-secret\">Signing secret (shown once): <code>"))
      let secret = String(added.text[marker.upperBound...].prefix { $0 != "<" })
      let hook = try #require(try harness.context.store.webhooks().first)
      #expect(hook.secret == secret)
      #expect(secret.hasPrefix("whsec_"))
      #expect(hook.events == ["response.detractor", "response.changed"])
      #expect(hook.surveyID == (try harness.context.store.survey(slug: "default"))?.id)
      #expect(hook.url == "https://hooks.example.com/nps?a=1&b=<2>")
      // Listed escaped, with its deliveries (none yet); the secret is not shown again.
      let page = try harness.get("/dashboard/settings", cookie: cookie).text
      #expect(page.contains("https://hooks.example.com/nps?a=1&amp;b=&lt;2&gt;"))
      #expect(page.contains("none yet"))
      #expect(!page.contains(secret))

      // Members may not manage webhooks.
      let memberCookie = try harness.login("member@example.com")
      let memberPage = try harness.get("/dashboard/settings", cookie: memberCookie).text
      #expect(!memberPage.contains("<h2>Webhooks</h2>"))
      let memberToken = try #require(DashboardHarness.csrf(in: memberPage))
      #expect(
        try harness.post(
          "/dashboard/settings/webhooks/\(hook.id)/remove", [("csrf", memberToken)],
          cookie: memberCookie
        ).status == .forbidden)

      #expect(
        try harness.post(
          "/dashboard/settings/webhooks/\(hook.id)/remove", [("csrf", token)], cookie: cookie
        ).status == .seeOther)
      #expect(try harness.context.store.webhooks().isEmpty)
      #expect(
        try harness.context.store.auditLog(limit: 5).map(\.action).prefix(2)
          == ["webhook.delete", "webhook.create"])
    }
  }

  @Test func alertAddressesAreSavedWithTheSurveyAndBadOnesRefused() throws {
    try DashboardHarness.with(.sqlite) { harness in
      try harness.addUser("member@example.com", role: .member)
      let cookie = try harness.login("member@example.com")
      let token = try #require(
        DashboardHarness.csrf(in: try harness.get("/dashboard/settings", cookie: cookie).text))
      let bad = try harness.post(
        "/dashboard/settings/survey",
        [("csrf", token), ("survey", "default"), ("alert_emails", "team@example.com, oops")],
        cookie: cookie)
      #expect(bad.status == .badRequest)
      #expect(try harness.context.store.survey(slug: "default")?.alertEmails == [])
      let saved = try harness.post(
        "/dashboard/settings/survey",
        [
          ("csrf", token), ("survey", "default"),
          ("alert_emails", "Team@Example.com, lead@example.com"),
        ], cookie: cookie)
      #expect(saved.status == .seeOther)
      #expect(
        try harness.context.store.survey(slug: "default")?.alertEmails == [
          "team@example.com", "lead@example.com",
        ])
      #expect(
        try harness.get("/dashboard/settings", cookie: cookie).text.contains(
          "value=\"team@example.com, lead@example.com\""))
    }
  }
}
