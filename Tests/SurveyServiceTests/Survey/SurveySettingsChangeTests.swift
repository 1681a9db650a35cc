import Foundation
import Mail
import NPSCore
import Storage
import Testing

@testable import SurveyService

/// The one set of rules `nps survey create|update` and the dashboard's settings page apply to a
/// survey's settings: what is refused (with the setting named), and that a refusal changes
/// nothing.
@Suite struct SurveySettingsChangeTests {
  static let original = Survey(
    id: 1, slug: "default", name: "Support", brandName: "Acme", senderName: "Acme support",
    senderEmail: "nps@acme.example")

  static func change(_ edit: (inout SurveySettingsChange) -> Void) -> SurveySettingsChange {
    var change = SurveySettingsChange()
    edit(&change)
    return change
  }

  @Test(arguments: [
    (change { $0.name = "" }, SurveySetting.name, "must not be empty"),
    (change { $0.name = "   " }, .name, "must not be empty"),
    (
      change { $0.name = String(repeating: "n", count: 201) }, .name,
      "must be at most 200 characters (got 201)"
    ),
    (
      change { $0.name = "Two\nlines" }, .name,
      "must not contain line breaks or control characters"
    ),
    (
      change { $0.question = String(repeating: "q", count: 10_000) }, .question,
      "must be at most 500 characters (got 10000)"
    ),
    (
      change { $0.followupDetractor = "Why?\u{2028}Tell us" }, .followupDetractor,
      "must not contain line breaks or control characters"
    ),
    (
      change { $0.senderName = "Evil\nBcc: x@y.com" }, .senderName,
      "must not contain line breaks or control characters"
    ),
    (
      change { $0.brandName = "Multi\nLine Co" }, .brandName,
      "must not contain line breaks or control characters"
    ),
    (
      change { $0.brandName = "Acme\u{2028}Inc" }, .brandName,
      "must not contain line breaks or control characters"
    ),
    (
      change { $0.brandName = "Acme\u{85}Inc" }, .brandName,
      "must not contain line breaks or control characters"
    ),
    (
      change { $0.senderName = String(repeating: "s", count: 201) }, .senderName,
      "must be at most 200 characters (got 201)"
    ),
    (
      change { $0.logoURL = "http://example.com/logo.png" }, .logoURL,
      "must be an https URL of at most 500 characters without spaces, quotes or angle brackets"
    ),
    (
      change { $0.logoURL = "https://x/a\"b.png" }, .logoURL,
      "must be an https URL of at most 500 characters without spaces, quotes or angle brackets"
    ),
    (
      change { $0.promoterLink = "https://reviews.example/a b" }, .promoterLink,
      "must be an http(s) URL of at most 500 characters without spaces, quotes or angle "
        + "brackets"
    ),
    (
      change { $0.senderEmail = "a@b@c" }, .senderEmail,
      "is not an email address: invalid email address \"a@b@c\": local part must be "
        + "dot-separated atoms (letters, digits, !#$%&'*+-/=?^_`{|}~)"
    ),
    (change { $0.brandColor = "red;}" }, .brandColor, "must be #RRGGBB (got \"red;}\")"),
    (change { $0.language = "xx" }, .language, "must be en, de, fr, es or nl (got \"xx\")"),
    (
      change { $0.delayMinutes = 525_601 }, .delayMinutes, "must be a whole number from 0 to 525600"
    ),
    (change { $0.closeAfterDays = 0 }, .closeAfterDays, "must be a whole number from 1 to 3650"),
    // A reminder due when the survey has closed would never go out.
    (
      change { $0.reminderDays = 40 }, .reminderDays,
      "must be less than the days the survey stays open (30), or 0"
    ),
    (
      change { $0.reminderDays = 30 }, .reminderDays,
      "must be less than the days the survey stays open (30), or 0"
    ),
    (
      change { $0.closeAfterDays = 3 }, .closeAfterDays,
      "must be more than the days until the reminder (3)"
    ),
    (change { $0.sampleRate = 1.5 }, .sampleRate, "must be a number from 0 to 1"),
    (change { $0.sampleRate = .nan }, .sampleRate, "must be a number from 0 to 1"),
    (
      change { $0.alertEmails = "team@example.com, a..b@example.com" }, .alertEmails,
      "\"a..b@example.com\" is not an email address"
    ),
  ])
  func badValuesAreRefusedNamingTheSettingAndChangeNothing(
    change: SurveySettingsChange, setting: SurveySetting, problem: String
  ) {
    // A good value given alongside is not applied either.
    var change = change
    change.delayMinutes = change.delayMinutes ?? 5
    var survey = Self.original
    #expect(throws: SurveySettingError(setting, problem)) { try change.apply(to: &survey) }
    #expect(survey == Self.original)
  }

  @Test func goodValuesAreTrimmedAndApplied() throws {
    var change = SurveySettingsChange()
    change.name = "  Onboarding "
    change.question = String(repeating: "q", count: 500)
    change.followupPassive = ""
    change.brandName = " Zoë’s Café "
    change.senderName = "Acme, Inc. \"Support\""
    change.senderEmail = "surveys@acme.example"
    change.logoURL = .some("https://cdn.acme.example/logo.png")
    change.promoterLink = .some("http://reviews.example/acme")
    change.brandColor = "#A1b2C3"
    change.language = "DE"
    change.delayMinutes = 525_600
    change.sampleRate = 0
    change.quietHours = .some(try QuietHours(parsing: "20:00-08:00"))
    change.alertEmails = "Team@Example.com; lead@example.com"
    change.publicPage = true
    var survey = Self.original
    survey.followupPassive = "Custom"
    try change.apply(to: &survey)
    #expect(survey.name == "Onboarding")
    #expect(survey.question == String(repeating: "q", count: 500))
    #expect(survey.followupPassive == Survey(slug: "", name: "").followupPassive)
    #expect(survey.brandName == "Zoë’s Café")
    #expect(survey.senderName == "Acme, Inc. \"Support\"")
    #expect(survey.senderEmail == "surveys@acme.example")
    #expect(survey.logoURL == "https://cdn.acme.example/logo.png")
    #expect(survey.promoterLink == "http://reviews.example/acme")
    #expect(survey.brandColor == "#A1b2C3")
    #expect(survey.language == "de")
    #expect(survey.delayMinutes == 525_600)
    #expect(survey.sampleRate == 0)
    #expect(survey.quietStartMinute == 20 * 60)
    #expect(survey.quietEndMinute == 8 * 60)
    #expect(survey.alertEmails == ["team@example.com", "lead@example.com"])
    #expect(survey.publicPage)
    // Unnamed fields stay; `.some(nil)` clears.
    var clear = SurveySettingsChange()
    clear.logoURL = .some(nil)
    clear.quietHours = .some(nil)
    clear.alertEmails = "off"
    try clear.apply(to: &survey)
    #expect(survey.logoURL == nil)
    #expect(survey.quietStartMinute == nil && survey.quietEndMinute == nil)
    #expect(survey.alertEmails.isEmpty)
    #expect(survey.name == "Onboarding")
    #expect(survey.brandName == "Zoë’s Café")
  }

  /// What the rules let through, the email can carry: a survey email with the longest brand and
  /// sender names renders.
  @Test func whatPassesCanBeSent() throws {
    var change = SurveySettingsChange()
    change.brandName = "Acme, " + String(repeating: "b", count: 194)
    change.senderName = "\"" + String(repeating: "s", count: 199)
    var survey = Self.original
    try change.apply(to: &survey)
    let texts = SurveyTexts.resolve(locale: "en")
    let email = try SurveyEmail(
      companyName: survey.brandName, brandColour: .standard, texts: texts,
      scoreURLs: (0...10).map { "https://nps.example.com/s/t/\($0)" },
      unsubscribeURL: "https://nps.example.com/u/t")
    let message = try email.message(
      from: try MailAddress("nps@acme.example", displayName: survey.senderName),
      to: try MailAddress("ana@example.com"))
    #expect(try message.rendered().count > 0)
  }
}
