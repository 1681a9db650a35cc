import Foundation
import Mail
import NPSCore
import Storage

/// A change to a survey's settings, from the command line (`nps survey create|update`) or the
/// dashboard's settings page: the values given, not yet checked; nil fields stay as they are.
///
/// ``apply(to:)`` holds every given value to the same rules wherever it was typed, so neither
/// front end can store what the other refuses (or what the email cannot carry):
/// - the name: 1-200 characters;
/// - wording (question, follow-ups): at most 500 characters, empty for the built-in texts;
/// - brand and sender names: at most 200 characters, and each must be able to stand as an
///   email's display name (``Mail/MailAddress/checkDisplayName(_:)``), since the sender name,
///   else the brand name, is the `From` name and the brand name is in the `Subject`;
/// - every text: no line breaks or control characters (``Mail/MailHeaderText``); surrounding
///   spaces are trimmed;
/// - numbers within ``SurveySettingLimits``; a sample rate from 0 to 1;
/// - the logo an https URL and the promoter link an http(s) URL, each one the email or page
///   shows (no spaces, quotes or angle brackets); the sender an email address the mail module
///   accepts; the language one with built-in texts; the alert addresses as
///   ``AlertEmails/parse(_:)`` reads them.
public struct SurveySettingsChange: Sendable, Hashable {
  public var name: String?
  public var question: String?
  public var followupPromoter: String?
  public var followupPassive: String?
  public var followupDetractor: String?
  public var delayMinutes: Int?
  public var throttleDays: Int?
  public var reminderDays: Int?
  public var closeAfterDays: Int?
  public var sampleRate: Double?
  /// `.some(nil)` turns quiet hours off.
  public var quietHours: QuietHours??
  public var brandName: String?
  public var brandColor: String?
  /// `.some(nil)` removes the logo.
  public var logoURL: String??
  public var senderName: String?
  public var senderEmail: String?
  /// A language code (`de`, any case).
  public var language: String?
  /// `.some(nil)` removes the link.
  public var promoterLink: String??
  /// Addresses as typed (`a@x.com, b@y.org`); empty or `off` for nobody.
  public var alertEmails: String?
  public var publicPage: Bool?

  public init() {}

  /// The longest survey name.
  public static let nameLength = 200
  /// The longest question or follow-up question.
  public static let wordingLength = 500
  /// The longest brand or sender name.
  public static let displayNameLength = 200
  /// The longest logo or promoter link URL.
  public static let urlLength = 500

  /// Checks every given value and, only when all pass, sets them on `survey`.
  public func apply(to survey: inout Survey) throws(SurveySettingError) {
    var changed = survey
    let stock = Survey(slug: "", name: "")
    if let name {
      changed.name = try Self.text(name, .name, limit: Self.nameLength)
      guard !changed.name.isEmpty else { throw SurveySettingError(.name, "must not be empty") }
    }
    func wording(_ value: String?, _ setting: SurveySetting, _ standard: String)
      throws(SurveySettingError) -> String?
    {
      guard let value else { return nil }
      // An empty wording field means the built-in texts: the stock value is stored.
      let text = try Self.text(value, setting, limit: Self.wordingLength)
      return text.isEmpty ? standard : text
    }
    if let text = try wording(question, .question, stock.question) { changed.question = text }
    if let text = try wording(followupPromoter, .followupPromoter, stock.followupPromoter) {
      changed.followupPromoter = text
    }
    if let text = try wording(followupPassive, .followupPassive, stock.followupPassive) {
      changed.followupPassive = text
    }
    if let text = try wording(followupDetractor, .followupDetractor, stock.followupDetractor) {
      changed.followupDetractor = text
    }
    if let delayMinutes {
      changed.delayMinutes = try Self.number(
        delayMinutes, .delayMinutes, SurveySettingLimits.delayMinutes)
    }
    if let throttleDays {
      changed.throttleDays = try Self.number(
        throttleDays, .throttleDays, SurveySettingLimits.throttleDays)
    }
    if let reminderDays {
      changed.reminderDays = try Self.number(
        reminderDays, .reminderDays, SurveySettingLimits.reminderDays)
    }
    if let closeAfterDays {
      changed.closeAfterDays = try Self.number(
        closeAfterDays, .closeAfterDays, SurveySettingLimits.closeAfterDays)
    }
    if let sampleRate {
      guard (0...1).contains(sampleRate) else {
        throw SurveySettingError(.sampleRate, "must be a number from 0 to 1")
      }
      changed.sampleRate = sampleRate
    }
    if let quietHours {
      changed.quietStartMinute = quietHours?.startMinute
      changed.quietEndMinute = quietHours?.endMinute
    }
    if let brandName { changed.brandName = try Self.displayName(brandName, .brandName) }
    if let senderName { changed.senderName = try Self.displayName(senderName, .senderName) }
    if let brandColor {
      let colour = brandColor.trimmingCharacters(in: .whitespaces)
      guard colour.count == 7, colour.hasPrefix("#"), colour.dropFirst().allSatisfy(\.isHexDigit)
      else { throw SurveySettingError(.brandColor, "must be #RRGGBB (got \"\(brandColor)\")") }
      changed.brandColor = colour
    }
    if let logoURL {
      changed.logoURL = try logoURL.map { url throws(SurveySettingError) in
        try Self.url(url, .logoURL, schemes: "https")
      }
    }
    if let promoterLink {
      changed.promoterLink = try promoterLink.map { url throws(SurveySettingError) in
        try Self.url(url, .promoterLink, schemes: "http(s)")
      }
    }
    if let senderEmail {
      let address = senderEmail.trimmingCharacters(in: .whitespaces)
      do { _ = try MailAddress(address) } catch {
        throw SurveySettingError(.senderEmail, "is not an email address: \(error)")
      }
      changed.senderEmail = address
    }
    if let language {
      guard let known = SurveyLanguage(rawValue: language.lowercased()) else {
        let codes = SurveyLanguage.allCases.map(\.rawValue)
        let list = codes.dropLast().joined(separator: ", ") + " or " + codes.last!
        throw SurveySettingError(.language, "must be \(list) (got \"\(language)\")")
      }
      changed.language = known.rawValue
    }
    if let alertEmails {
      do { changed.alertEmails = try AlertEmails.parse(alertEmails) } catch {
        throw SurveySettingError(.alertEmails, error.message)
      }
    }
    if let publicPage { changed.publicPage = publicPage }
    // A reminder is sent only while the survey is open for the invitation; one due at or
    // after closing would never go out (and would lead to the closed page if it did).
    if changed.reminderDays > 0, changed.reminderDays >= changed.closeAfterDays {
      throw reminderDays != nil
        ? SurveySettingError(
          .reminderDays,
          "must be less than the days the survey stays open (\(changed.closeAfterDays)), or 0")
        : SurveySettingError(
          .closeAfterDays,
          "must be more than the days until the reminder (\(changed.reminderDays))")
    }
    survey = changed
  }

  /// `value` without surrounding spaces, at most `limit` characters, on one line.
  private static func text(_ value: String, _ setting: SurveySetting, limit: Int)
    throws(SurveySettingError) -> String
  {
    let trimmed = value.trimmingCharacters(in: .whitespaces)
    if let problem = OneLineText.problem(in: trimmed, limit: limit) {
      throw SurveySettingError(setting, problem)
    }
    return trimmed
  }

  /// A text that can stand as an email's display name (empty for the standard one).
  private static func displayName(_ value: String, _ setting: SurveySetting)
    throws(SurveySettingError) -> String
  {
    let text = try text(value, setting, limit: displayNameLength)
    do { try MailAddress.checkDisplayName(text) } catch {
      throw SurveySettingError(setting, "cannot be written into an email header (\(error))")
    }
    return text
  }

  private static func number(_ value: Int, _ setting: SurveySetting, _ range: ClosedRange<Int>)
    throws(SurveySettingError) -> Int
  {
    guard range.contains(value) else {
      throw SurveySettingError(
        setting, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
    }
    return value
  }

  /// An absolute URL the email and pages show as is: `https://` (or also `http://` when
  /// `schemes` is `http(s)`), printable ASCII without spaces, quotes or angle brackets.
  private static func url(_ value: String, _ setting: SurveySetting, schemes: String)
    throws(SurveySettingError) -> String
  {
    let url = value.trimmingCharacters(in: .whitespaces)
    let lower = url.lowercased()
    let schemeOK = lower.hasPrefix("https://") || (schemes != "https" && lower.hasPrefix("http://"))
    guard url.count <= urlLength, schemeOK, SurveyEmail.isWebURL(url), SafeURL(url) != nil else {
      throw SurveySettingError(
        setting,
        "must be an \(schemes) URL of at most \(urlLength) characters without spaces, quotes "
          + "or angle brackets")
    }
    return url
  }
}
