/// One setting of a survey that people change, on the command line (`nps survey create|update`)
/// or on the dashboard's settings page; each front end names it its own way.
public enum SurveySetting: String, Sendable, Hashable, CaseIterable {
  case name
  case question
  case followupPromoter
  case followupPassive
  case followupDetractor
  case delayMinutes
  case throttleDays
  case reminderDays
  case closeAfterDays
  case sampleRate
  case quietHours
  case brandName
  case brandColor
  case logoURL
  case senderName
  case senderEmail
  case language
  case promoterLink
  case alertEmails

  /// The name of the field on the dashboard's settings form (`brand_name`), also used in its
  /// error messages.
  public var formField: String {
    switch self {
    case .name: "name"
    case .question: "question"
    case .followupPromoter: "followup_promoter"
    case .followupPassive: "followup_passive"
    case .followupDetractor: "followup_detractor"
    case .delayMinutes: "delay_minutes"
    case .throttleDays: "throttle_days"
    case .reminderDays: "reminder_days"
    case .closeAfterDays: "close_after_days"
    case .sampleRate: "sample_rate"
    case .quietHours: "quiet hours"
    case .brandName: "brand_name"
    case .brandColor: "brand_color"
    case .logoURL: "logo_url"
    case .senderName: "sender_name"
    case .senderEmail: "sender_email"
    case .language: "language"
    case .promoterLink: "promoter_link"
    case .alertEmails: "alert_emails"
    }
  }
}

/// A value a survey setting may not take, and why. Nothing was changed.
public struct SurveySettingError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The setting refused.
  public var setting: SurveySetting
  /// What is wrong, to follow the setting's name and a colon: `must not be empty`.
  public var problem: String

  public init(_ setting: SurveySetting, _ problem: String) {
    self.setting = setting
    self.problem = problem
  }

  /// `brand_name: must not contain ...` (the dashboard's field names).
  public var description: String { "\(setting.formField): \(problem)" }
}
