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
      --company NAME            --brand-color #RRGGBB   --logo-url HTTPS-URL|off
      --sender-email ADDRESS    --sender-name NAME      --language xx
      --promoter-link URL|off   --question TEXT         --name NAME
                                names and texts: one line each; name 1-200 characters,
                                company and sender name up to 200, question up to 500
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
      let changes = try SurveyChanges.parse(&arguments)
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
          try SurveyChanges.apply(changes, to: &survey)
          let created = try store.createSurvey(survey, now: now)
          try CommandAudit.record(store, action: "survey.create", target: "survey:\(created.id)")
          console.line(describe(created))
        } else {
          guard var survey = try store.survey(slug: slug) else {
            throw CommandError(.dataError, "no survey \"\(slug)\" (see nps survey list)")
          }
          try SurveyChanges.apply(changes, to: &survey)
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

/// The settings given on the command line, read into the ``SurveySettingsChange`` the
/// dashboard's settings page uses too, so both hold values to the same rules.
enum SurveyChanges {
  /// Reads the settings options; their syntax (numbers, `HH:MM-HH:MM`, `off`) is checked here,
  /// their values when applied.
  static func parse(_ arguments: inout Arguments) throws(CommandError) -> SurveySettingsChange {
    var change = SurveySettingsChange()
    change.name = try arguments.option("name")
    change.question = try arguments.option("question")
    change.delayMinutes = try arguments.option(
      "delay", in: SurveySettingLimits.delayMinutes, unit: "minutes")
    change.throttleDays = try arguments.option(
      "throttle-days", in: SurveySettingLimits.throttleDays, unit: "days")
    change.sampleRate = try arguments.option("sample-rate", expected: "a number from 0 to 1") {
      Double($0).flatMap { (0...1).contains($0) ? $0 : nil }
    }
    if let text = try arguments.option("quiet-hours") {
      if text == "off" {
        change.quietHours = .some(nil)
      } else {
        do { change.quietHours = .some(try QuietHours(parsing: text)) } catch {
          throw .usage("--quiet-hours: \(error)")
        }
      }
    }
    change.reminderDays = try arguments.option(
      "reminder-days", in: SurveySettingLimits.reminderDays, unit: "days", note: "0 for none")
    change.closeAfterDays = try arguments.option(
      "close-after-days", in: SurveySettingLimits.closeAfterDays, unit: "days")
    change.brandName = try arguments.option("company")
    change.brandColor = try arguments.option("brand-color")
    if let url = try arguments.option("logo-url") {
      change.logoURL = .some(url == "off" ? nil : url)
    }
    change.senderEmail = try arguments.option("sender-email")
    change.senderName = try arguments.option("sender-name")
    change.language = try arguments.option("language")
    if let link = try arguments.option("promoter-link") {
      change.promoterLink = .some(link == "off" ? nil : link)
    }
    change.alertEmails = try arguments.option("alert-emails")
    return change
  }

  /// Applies `change` to `survey`, or refuses it naming the option: `--name: must not be empty`.
  static func apply(_ change: SurveySettingsChange, to survey: inout Survey) throws(CommandError) {
    do { try change.apply(to: &survey) } catch {
      throw .usage("--\(error.setting.option): \(error.problem)")
    }
  }
}

extension SurveySetting {
  /// The option of `nps survey create|update` that sets it, without the dashes. (The follow-up
  /// questions have no option yet: only the dashboard sets them, so their names never show.)
  var option: String {
    switch self {
    case .name: "name"
    case .question: "question"
    case .followupPromoter: "followup-promoter"
    case .followupPassive: "followup-passive"
    case .followupDetractor: "followup-detractor"
    case .delayMinutes: "delay"
    case .throttleDays: "throttle-days"
    case .reminderDays: "reminder-days"
    case .closeAfterDays: "close-after-days"
    case .sampleRate: "sample-rate"
    case .quietHours: "quiet-hours"
    case .brandName: "company"
    case .brandColor: "brand-color"
    case .logoURL: "logo-url"
    case .senderName: "sender-name"
    case .senderEmail: "sender-email"
    case .language: "language"
    case .promoterLink: "promoter-link"
    case .alertEmails: "alert-emails"
    }
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
