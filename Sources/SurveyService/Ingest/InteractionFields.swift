import Foundation
import Mail
import NPSCore

/// The fields of an interaction as text, from JSON or from a CSV row, before checking.
public struct InteractionFields: Sendable {
  /// When it happened: an instant already read, Unix seconds as sent, or text to read as
  /// ISO 8601. Each is held to ``OccurredAtRule``.
  public enum Moment: Sendable {
    case instant(Date)
    case seconds(Double)
    case text(String)
  }

  public var email: String?
  public var name: String?
  public var locale: String?
  public var timeZone: String?
  public var occurredAt: Moment?
  public var kind: String?
  public var channel: String?
  public var externalID: String?
  public var survey: String?
  public var properties: [String: String] = [:]

  public init() {}

  /// The survey the item names (trimmed; `default` when it names none), or nil when the name
  /// is not a slug (a problem of its own).
  var surveySlug: String? {
    let name = survey?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    let slug = name.isEmpty ? "default" : name
    return SurveySlugRule.isValid(slug) ? slug : nil
  }

  /// Checks every field; the problems name fields by JSON Pointer (`/email`).
  /// A missing `occurred_at` is `now` (the server's clock); a given one is held to
  /// ``OccurredAtRule`` against it. A missing survey is `default`.
  public func check(now: Date, timeZoneForDates: TimeZone = TimeZone(identifier: "UTC")!)
    -> CheckedInput
  {
    var problems: [FieldProblem] = []
    func problem(_ field: String, _ detail: String) {
      problems.append(FieldProblem(pointer: "/" + field, detail: detail))
    }
    func cleaned(_ value: String?) -> String? {
      guard let value else { return nil }
      let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
      return trimmed.isEmpty ? nil : trimmed
    }
    func hasControl(_ text: String) -> Bool {
      text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
    func limited(_ field: String, _ value: String?, _ limit: Int) -> String? {
      guard let value = cleaned(value) else { return nil }
      if value.count > limit {
        problem(field, "must be at most \(limit) characters")
        return nil
      }
      if hasControl(value) {
        problem(field, "must not contain control characters")
        return nil
      }
      return value
    }

    let email = cleaned(email)
    if let email {
      if email.count > IngestLimits.emailLength {
        problem("email", "must be at most \(IngestLimits.emailLength) characters")
      } else if (try? MailAddress(email)) == nil {
        problem("email", "is not an email address")
      }
    } else {
      problem("email", "is required")
    }
    var name = limited("name", name, IngestLimits.nameLength)
    // The name is the display name of the invitation's `To` header: it must be one the mail
    // module can write (no U+2028 or U+2029 either), or every email to the contact would fail.
    if let value = name, (try? MailAddress.checkDisplayName(value)) == nil {
      problem("name", "must not contain line breaks or control characters")
      name = nil
    }
    var locale = cleaned(locale)
    if let value = locale {
      let valid =
        (2...35).contains(value.count)
        && value.unicodeScalars.allSatisfy {
          $0.isASCII
            && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_")
        }
      if !valid {
        problem("locale", "must be a language tag such as en or de-AT")
        locale = nil
      }
    }
    var zone = cleaned(timeZone)
    if let value = zone, TimeZone(ianaName: value) == nil {
      problem("time_zone", "must be \(TimeZone.ianaNameHint)")
      zone = nil
    }
    var occurred = now
    var given: String?
    var isNumber = false
    switch occurredAt {
    case nil: break
    case .instant(let date):
      occurred = date
      given = OccurredAtRule.text(date)
    case .seconds(let seconds):
      occurred = Date(timeIntervalSince1970: seconds)
      given = OccurredAtRule.text(seconds: seconds)
      isNumber = true
    case .text(let text):
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      var parser = DateParser(format: .iso8601, timeZone: timeZoneForDates)
      if trimmed.isEmpty {
        break
      } else if let date = parser.parse(trimmed) {
        occurred = date
        given = trimmed
      } else {
        problem("occurred_at", "must be an ISO 8601 time such as 2026-03-01T10:15:00Z")
      }
    }
    if let given,
      let detail = OccurredAtRule.problem(occurred, now: now, given: given, isNumber: isNumber)
    {
      problem("occurred_at", detail)
    }
    let kind = limited("kind", kind, IngestLimits.textLength) ?? ""
    let channel = limited("channel", channel, IngestLimits.textLength) ?? ""
    let externalID = limited("external_id", externalID, IngestLimits.externalIDLength)
    if cleaned(self.externalID) == nil { problem("external_id", "is required") }
    let survey = cleaned(survey) ?? "default"
    if !SurveySlugRule.isValid(survey) {
      problem("survey", "must be a survey slug (lower-case letters, digits and dashes)")
    }
    if properties.count > IngestLimits.properties {
      problem("properties", "at most \(IngestLimits.properties) properties")
    }
    var checkedProperties: [String: String] = [:]
    for (key, value) in properties {
      let pointer = "properties/" + InteractionJSON.escape(key)
      if key.isEmpty || key.count > IngestLimits.propertyNameLength {
        problem(pointer, "property names are 1-\(IngestLimits.propertyNameLength) characters")
      } else if value.count > IngestLimits.propertyValueLength {
        problem(pointer, "must be at most \(IngestLimits.propertyValueLength) characters")
      } else if hasControl(key) || hasControl(value) {
        // A segment is one line of text; NUL cannot even be stored by PostgreSQL.
        problem(pointer, "must not contain control characters")
      } else if !value.isEmpty {
        checkedProperties[key] = value
      }
    }
    guard problems.isEmpty, let email, let externalID else { return .invalid(problems) }
    return .valid(
      InteractionInput(
        email: email, name: name, locale: locale, timeZone: zone, occurredAt: occurred,
        kind: kind, channel: channel, externalID: externalID, survey: survey,
        properties: checkedProperties))
  }
}

/// Survey slugs: 1-64 lower-case letters, digits and dashes, not starting with a dash.
public enum SurveySlugRule {
  public static func isValid(_ slug: String) -> Bool {
    (1...64).contains(slug.count) && !slug.hasPrefix("-")
      && slug.utf8.allSatisfy {
        ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z"))
          || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "-")
      }
  }
}
