import Foundation

/// A survey: its wording, brand and sending rules.
public struct Survey: Sendable, Hashable, Codable {
  public var id: Int64
  /// The name in URLs and on the command line (`default`).
  public var slug: String
  public var name: String
  /// The recommend question.
  public var question: String
  /// The follow-up question shown after a promoter, passive or detractor score.
  public var followupPromoter: String
  public var followupPassive: String
  public var followupDetractor: String
  public var brandName: String
  /// A CSS colour such as `#1f6feb`.
  public var brandColor: String
  public var logoURL: String?
  public var senderName: String
  public var senderEmail: String
  /// Days after an invitation during which a contact is not asked again (any survey).
  public var throttleDays: Int
  /// Minutes between an interaction and its invitation.
  public var delayMinutes: Int
  /// Days after sending before one reminder; 0 for none.
  public var reminderDays: Int
  /// Share of eligible interactions invited, 0...1.
  public var sampleRate: Double
  /// Quiet hours in the contact's time zone, as minutes after midnight; nil for none.
  public var quietStartMinute: Int?
  public var quietEndMinute: Int?
  /// BCP 47 language of the wording, e.g. `en`.
  public var language: String
  /// Days after sending during which a response can be given or changed.
  public var closeAfterDays: Int
  /// Whether the survey's NPS is shown on a public page.
  public var publicPage: Bool
  /// Where promoters are invited to leave a review; nil for none.
  public var promoterLink: String?
  /// Who gets an email when someone gives a detractor score (the team); empty for nobody.
  public var alertEmails: [String]
  public var createdAt: Date
  public var updatedAt: Date

  /// A survey with the standard wording and settings; the store assigns `id` on creation.
  public init(
    id: Int64 = 0, slug: String, name: String,
    question: String = "How likely are you to recommend us to a friend or colleague?",
    followupPromoter: String = "Thank you! What do you like most about us?",
    followupPassive: String = "Thank you. What would make us a 10 for you?",
    followupDetractor: String =
      "We are sorry to hear that. What went wrong, and what should we do better?",
    brandName: String = "", brandColor: String = "#1f6feb", logoURL: String? = nil,
    senderName: String = "", senderEmail: String = "", throttleDays: Int = 90,
    delayMinutes: Int = 60, reminderDays: Int = 3, sampleRate: Double = 1.0,
    quietStartMinute: Int? = nil, quietEndMinute: Int? = nil, language: String = "en",
    closeAfterDays: Int = 30, publicPage: Bool = false, promoterLink: String? = nil,
    alertEmails: [String] = [],
    createdAt: Date = Date(timeIntervalSince1970: 0),
    updatedAt: Date = Date(timeIntervalSince1970: 0)
  ) {
    self.id = id
    self.slug = slug
    self.name = name
    self.question = question
    self.followupPromoter = followupPromoter
    self.followupPassive = followupPassive
    self.followupDetractor = followupDetractor
    self.brandName = brandName
    self.brandColor = brandColor
    self.logoURL = logoURL
    self.senderName = senderName
    self.senderEmail = senderEmail
    self.throttleDays = throttleDays
    self.delayMinutes = delayMinutes
    self.reminderDays = reminderDays
    self.sampleRate = sampleRate
    self.quietStartMinute = quietStartMinute
    self.quietEndMinute = quietEndMinute
    self.language = language
    self.closeAfterDays = closeAfterDays
    self.publicPage = publicPage
    self.promoterLink = promoterLink
    self.alertEmails = alertEmails
    self.createdAt = createdAt
    self.updatedAt = updatedAt
  }
}
