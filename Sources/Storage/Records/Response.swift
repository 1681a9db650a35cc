import Foundation
import NPSCore

/// Where a response came from.
public enum ResponseSource: String, Sendable, Hashable, Codable, CaseIterable {
  /// A score button in an invitation email.
  case email
  /// A public survey link without an invitation.
  case link
  /// The JSON API.
  case api
  /// A historical import (`nps import responses`): never sends mail, alerts or webhooks.
  case `import`
}

/// One answer to a survey.
public struct SurveyResponse: Sendable, Hashable, Codable {
  public var id: Int64
  public var surveyID: Int64
  /// Nil for imports and link surveys.
  public var invitationID: Int64?
  public var contactID: Int64?
  /// The id in another tool (imports): re-importing it replaces, never duplicates.
  public var externalID: String?
  public var score: Score
  public var comment: String?
  /// When the person answered (for imports: the original date). Reports bucket by this.
  public var respondedAt: Date
  public var updatedAt: Date
  public var source: ResponseSource
  /// Segment properties captured when the response was recorded (agent, plan, country…).
  public var properties: [String: String]

  public init(
    id: Int64, surveyID: Int64, invitationID: Int64?, contactID: Int64?, externalID: String?,
    score: Score, comment: String?, respondedAt: Date, updatedAt: Date, source: ResponseSource,
    properties: [String: String]
  ) {
    self.id = id
    self.surveyID = surveyID
    self.invitationID = invitationID
    self.contactID = contactID
    self.externalID = externalID
    self.score = score
    self.comment = comment
    self.respondedAt = respondedAt
    self.updatedAt = updatedAt
    self.source = source
    self.properties = properties
  }
}

/// A response to record. With an `invitationID` it replaces that invitation's response (one
/// per invitation); otherwise with an `externalID` it replaces the response with that id in the
/// survey; otherwise it is added.
public struct NewResponse: Sendable, Hashable {
  public var surveyID: Int64
  public var invitationID: Int64?
  public var contactID: Int64?
  public var externalID: String?
  public var score: Score
  public var comment: String?
  public var respondedAt: Date
  /// False when the source gave no date and `respondedAt` is only "now": replacing a stored
  /// response (an import by external id) then keeps the stored date.
  public var dateIsKnown: Bool
  public var source: ResponseSource
  public var properties: [String: String]

  public init(
    surveyID: Int64, invitationID: Int64? = nil, contactID: Int64? = nil,
    externalID: String? = nil, score: Score, comment: String? = nil, respondedAt: Date,
    dateIsKnown: Bool = true, source: ResponseSource, properties: [String: String] = [:]
  ) {
    self.dateIsKnown = dateIsKnown
    self.surveyID = surveyID
    self.invitationID = invitationID
    self.contactID = contactID
    self.externalID = externalID
    self.score = score
    self.comment = comment
    self.respondedAt = respondedAt
    self.source = source
    self.properties = properties
  }
}

/// What an import did.
public struct ImportSummary: Sendable, Hashable, Codable {
  /// Responses added.
  public var inserted: Int
  /// Responses whose external id was already there, replaced by the imported values.
  public var replaced: Int

  public init(inserted: Int = 0, replaced: Int = 0) {
    self.inserted = inserted
    self.replaced = replaced
  }
}
