import Foundation

/// Something that happened with a contact (a ticket closed, an order delivered) that may
/// lead to a survey. `externalID` makes ingest idempotent.
public struct Interaction: Sendable, Hashable, Codable {
  public var id: Int64
  public var externalID: String
  public var contactID: Int64
  public var kind: String
  public var channel: String
  public var occurredAt: Date
  /// Segment properties of the interaction (agent, team, product…).
  public var properties: [String: String]
  public var createdAt: Date

  public init(
    id: Int64 = 0, externalID: String, contactID: Int64, kind: String = "", channel: String = "",
    occurredAt: Date, properties: [String: String] = [:], createdAt: Date = Date()
  ) {
    self.id = id
    self.externalID = externalID
    self.contactID = contactID
    self.kind = kind
    self.channel = channel
    self.occurredAt = occurredAt
    self.properties = properties
    self.createdAt = createdAt
  }
}

/// The result of recording an interaction: new, or the one already stored with that id.
public struct RecordedInteraction: Sendable, Hashable {
  public var interaction: Interaction
  /// False when the external id was already known (a repeat; nothing was changed).
  public var isNew: Bool
}

/// Why an interaction did or did not lead to an invitation.
public struct EligibilityDecision: Sendable, Hashable, Codable {
  public var id: Int64
  public var interactionID: Int64?
  public var surveyID: Int64
  public var contactID: Int64?
  /// e.g. `invited`, `skipped`.
  public var outcome: String
  /// e.g. `throttled`, `unsubscribed`, `sampled-out`.
  public var reason: String
  public var decidedAt: Date

  public init(
    id: Int64 = 0, interactionID: Int64?, surveyID: Int64, contactID: Int64?, outcome: String,
    reason: String, decidedAt: Date
  ) {
    self.id = id
    self.interactionID = interactionID
    self.surveyID = surveyID
    self.contactID = contactID
    self.outcome = outcome
    self.reason = reason
    self.decidedAt = decidedAt
  }
}
