import Foundation

/// One interaction as a client sends it, checked: every field is within its limits.
public struct InteractionInput: Sendable, Hashable {
  /// As given; the store normalises it (trimmed, case-folded) to find the contact.
  public var email: String
  public var name: String?
  /// A BCP 47 tag such as `de-AT`; chooses the email's language.
  public var locale: String?
  /// An IANA zone such as `Europe/Paris`; quiet hours are counted in it.
  public var timeZone: String?
  public var occurredAt: Date
  public var kind: String
  public var channel: String
  /// The sender's id for the interaction: sending it again changes nothing.
  public var externalID: String
  /// The survey's slug (`default` when not given).
  public var survey: String
  /// Segment properties (agent, team, product…); numbers and booleans become their JSON text.
  public var properties: [String: String]

  public init(
    email: String, name: String? = nil, locale: String? = nil, timeZone: String? = nil,
    occurredAt: Date, kind: String = "", channel: String = "", externalID: String,
    survey: String = "default", properties: [String: String] = [:]
  ) {
    self.email = email
    self.name = name
    self.locale = locale
    self.timeZone = timeZone
    self.occurredAt = occurredAt
    self.kind = kind
    self.channel = channel
    self.externalID = externalID
    self.survey = survey
    self.properties = properties
  }
}

/// The limits every input is held to.
public enum IngestLimits {
  /// Interactions in one request.
  public static let batchSize = 1_000
  public static let emailLength = 254
  public static let nameLength = 200
  public static let textLength = 100
  public static let externalIDLength = 200
  public static let properties = 50
  public static let propertyNameLength = 100
  public static let propertyValueLength = 500
}
