import Foundation
import NPSCore
import Storage
import SurveyService

/// `nps survey create|update|list|show`: surveys and their sending rules.
enum SurveyCommand {
  static let help = """
    usage: nps survey create SLUG [--name NAME] [settings]
           nps survey update SLUG [settings]
           nps survey list
           nps survey show SLUG

    settings:
      --delay MINUTES           wait after the interaction before sending, 0-525600 (default 60)
      --throttle-days N         nobody is asked twice within N days, any survey, 0-3650 (default 90)
      --sample-rate R           share of eligible interactions invited, 0 to 1 (default 1)
      --quiet-hours HH:MM-HH:MM no sending in these local hours (contact's zone), or off
      --reminder-days N         one reminder after N days to non-responders, 0-365; 0 for none (default 3)
      --close-after-days N      answers accepted this many days after sending, 1-3650 (default 30)
      --company NAME            --brand-color #RRGGBB   --logo-url URL
      --sender-email ADDRESS    --sender-name NAME      --language xx
      --promoter-link URL|off   --question TEXT         --name NAME
      --alert-emails A,B|off    who gets an email for each new detractor
      --database URL            --config FILE
    """

  static func run(_ raw: [String], console: Console) throws -> ExitCode {
    if raw.contains("--help") {
      console.line(help)
      return .success
    }
    var arguments = try Arguments(raw)
    let action = try arguments.positional("an action (create, update, list or show)")
    switch action {
    case "create", "update":
      let slug = try arguments.positional("the survey's SLUG")
      try SurveySlug.validate(slug)
      let changes = try SurveyChanges(&arguments)
      let store = try StoreOptions(&arguments).open(.createIfMissing)
      defer { store.close() }
      try arguments.finish()
      let now = Date()
      do {
        if action == "create" {
          if try store.survey(slug: slug) != nil {
            throw CommandError(.dataError, "survey \"\(slug)\" exists; use nps survey update")
          }
          var survey = Survey(slug: slug, name: slug)
          try changes.apply(to: &survey)
          let created = try store.createSurvey(survey, now: now)
          try CommandAudit.record(store, action: "survey.create", target: "survey:\(created.id)")
          console.line(describe(created))
        } else {
          guard var survey = try store.survey(slug: slug) else {
            throw CommandError(.dataError, "no survey \"\(slug)\" (see nps survey list)")
          }
          try changes.apply(to: &survey)
          try store.updateSurvey(survey, now: now)
          try CommandAudit.record(store, action: "survey.update", target: "survey:\(survey.id)")
          console.line(describe(survey))
        }
      } catch let error as CommandError { throw error } catch { throw CommandError.storage(error) }
    case "list":
      let store = try StoreOptions(&arguments).open(.existing)
      defer { store.close() }
      try arguments.finish()
      do {
        for survey in try store.surveys() {
          console.line("\(survey.slug)\t\(survey.name)")
        }
      } catch { throw CommandError.storage(error) }
    case "show":
      let slug = try arguments.positional("the survey's SLUG")
      let store = try StoreOptions(&arguments).open(.existing)
      defer { store.close() }
      try arguments.finish()
      let survey: Survey?
      do { survey = try store.survey(slug: slug) } catch { throw CommandError.storage(error) }
      guard let survey else { throw CommandError(.dataError, "no survey \"\(slug)\"") }
      console.line(describe(survey))
    default:
      throw CommandError.usage(
        "unknown action \"\(action)\" (expected create, update, list or show)")
    }
    return .success
  }

  /// The settings of a survey, one per line.
  static func describe(_ survey: Survey) -> String {
    let quiet: String
    if let start = survey.quietStartMinute, let end = survey.quietEndMinute,
      let hours = try? QuietHours(startMinute: start, endMinute: end)
    {
      quiet = hours.description
    } else {
      quiet = "off"
    }
    // The question contacts see: the survey's own, or the built-in text of its language
    // (each contact gets it in their own language).
    let question =
      SurveyWording.overrides(for: survey).question
      ?? SurveyWording.texts(for: survey, locale: survey.language).question + " (built-in)"
    return """
      slug: \(survey.slug)
      name: \(survey.name)
      question: \(question)
      company: \(survey.brandName)
      brand color: \(survey.brandColor)
      logo url: \(survey.logoURL ?? "")
      sender: \(survey.senderName) <\(survey.senderEmail)>
      language: \(survey.language)
      delay minutes: \(survey.delayMinutes)
      throttle days: \(survey.throttleDays)
      sample rate: \(survey.sampleRate)
      quiet hours: \(quiet)
      reminder days: \(survey.reminderDays)
      close after days: \(survey.closeAfterDays)
      promoter link: \(survey.promoterLink ?? "")
      alert emails: \(survey.alertEmails.joined(separator: ", "))
      """
  }
}

/// The settings given on the command line; nil fields stay as they are.
struct SurveyChanges {
  var name: String?
  var question: String?
  var delay: Int?
  var throttleDays: Int?
  var sampleRate: Double?
  /// `.some(nil)` turns quiet hours off.
  var quietHours: QuietHours??
  var reminderDays: Int?
  var closeAfterDays: Int?
  var company: String?
  var brandColor: String?
  var logoURL: String??
  var senderEmail: String?
  var senderName: String?
  var language: String?
  var promoterLink: String??
  var alertEmails: [String]?

  /// The allowed values of the numeric settings (shared with the dashboard).
  static let delayRange = SurveySettingLimits.delayMinutes
  static let throttleRange = SurveySettingLimits.throttleDays
  static let reminderRange = SurveySettingLimits.reminderDays
  static let closeRange = SurveySettingLimits.closeAfterDays

  init(_ arguments: inout Arguments) throws(CommandError) {
    name = try arguments.option("name")
    question = try arguments.option("question")
    delay = try arguments.option("delay", in: Self.delayRange, unit: "minutes")
    throttleDays = try arguments.option("throttle-days", in: Self.throttleRange, unit: "days")
    sampleRate = try arguments.option("sample-rate", expected: "a number from 0 to 1") {
      Double($0).flatMap { (0...1).contains($0) ? $0 : nil }
    }
    if let text = try arguments.option("quiet-hours") {
      if text == "off" {
        quietHours = .some(nil)
      } else {
        do { quietHours = .some(try QuietHours(parsing: text)) } catch {
          throw .usage("--quiet-hours: \(error)")
        }
      }
    }
    reminderDays = try arguments.option(
      "reminder-days", in: Self.reminderRange, unit: "days", note: "0 for none")
    closeAfterDays = try arguments.option("close-after-days", in: Self.closeRange, unit: "days")
    company = try arguments.option("company")
    brandColor = try arguments.option("brand-color", expected: "#RRGGBB") { text in
      let hex = text.dropFirst()
      return text.hasPrefix("#") && hex.count == 6 && hex.allSatisfy(\.isHexDigit) ? text : nil
    }
    if let url = try arguments.option("logo-url") {
      // The email shows only what `SurveyEmail.isWebURL` accepts (no quotes, spaces or
      // angle brackets): anything else would be stored and then silently left out.
      guard url == "off" || SurveyEmail.isWebURL(url) else {
        throw .usage(
          "--logo-url must be an http(s) URL without spaces, quotes or angle brackets, or off")
      }
      logoURL = .some(url == "off" ? nil : url)
    }
    senderEmail = try arguments.option("sender-email", expected: "an email address") {
      $0.contains("@") && !$0.contains(" ") ? $0 : nil
    }
    senderName = try arguments.option("sender-name")
    // The languages the survey has texts in, as on the dashboard's settings page.
    language = try arguments.option("language", expected: "en, de, fr, es or nl") {
      SurveyLanguage(rawValue: $0.lowercased())?.rawValue
    }
    if let link = try arguments.option("promoter-link") {
      guard link == "off" || link.hasPrefix("https://") || link.hasPrefix("http://") else {
        throw .usage("--promoter-link must be an http(s) URL or off")
      }
      promoterLink = .some(link == "off" ? nil : link)
    }
    if let text = try arguments.option("alert-emails") {
      do { alertEmails = try AlertEmails.parse(text) } catch {
        throw .usage("--alert-emails: \(error.message)")
      }
    }
  }

  func apply(to survey: inout Survey) throws(CommandError) {
    if let name { survey.name = name }
    if let question { survey.question = question }
    if let delay { survey.delayMinutes = delay }
    if let throttleDays { survey.throttleDays = throttleDays }
    if let sampleRate { survey.sampleRate = sampleRate }
    if let quietHours {
      survey.quietStartMinute = quietHours?.startMinute
      survey.quietEndMinute = quietHours?.endMinute
    }
    if let reminderDays { survey.reminderDays = reminderDays }
    if let closeAfterDays { survey.closeAfterDays = closeAfterDays }
    if let company { survey.brandName = company }
    if let brandColor { survey.brandColor = brandColor }
    if let logoURL { survey.logoURL = logoURL }
    if let senderEmail { survey.senderEmail = senderEmail }
    if let senderName { survey.senderName = senderName }
    if let language { survey.language = language }
    if let promoterLink { survey.promoterLink = promoterLink }
    if let alertEmails { survey.alertEmails = alertEmails }
  }
}

extension Arguments {
  /// Takes `--name` as a whole number in `range`; the error states the range:
  /// `--delay: expected whole minutes from 0 to 525600, got "600000"`.
  mutating func option(
    _ name: String, in range: ClosedRange<Int>, unit: String, note: String? = nil
  ) throws(CommandError) -> Int? {
    let expected =
      "whole \(unit) from \(range.lowerBound) to \(range.upperBound)"
      + (note.map { " (\($0))" } ?? "")
    return try option(name, expected: expected) {
      Int($0).flatMap { range.contains($0) ? $0 : nil }
    }
  }
}
