import Foundation
import Storage

/// The JSON bodies of the interactions API (snake_case keys, ISO 8601 UTC times).
struct DecisionReply: Encodable {
  var surveyId: Int64
  var outcome: String
  var reason: String
  var decidedAt: Date

  enum CodingKeys: String, CodingKey {
    case surveyId = "survey_id"
    case outcome
    case reason
    case decidedAt = "decided_at"
  }

  init(_ decision: EligibilityDecision) {
    surveyId = decision.surveyID
    outcome = decision.outcome
    reason = decision.reason
    decidedAt = decision.decidedAt
  }
}

struct InvitationReply: Encodable {
  var id: Int64
  var status: String
  var sendAfter: Date
  var sentAt: Date?
  var reminderSentAt: Date?

  enum CodingKeys: String, CodingKey {
    case id
    case status
    case sendAfter = "send_after"
    case sentAt = "sent_at"
    case reminderSentAt = "reminder_sent_at"
  }

  init(_ invitation: Invitation) {
    id = invitation.id
    status = invitation.status.rawValue
    sendAfter = invitation.sendAfter
    sentAt = invitation.sentAt
    reminderSentAt = invitation.reminderSentAt
  }
}

/// One item of an ingest reply.
struct IngestItemReply: Encodable {
  var externalId: String
  var interactionId: Int64
  var contactId: Int64
  /// False when the external id was known: nothing changed.
  var created: Bool
  var decisions: [DecisionReply]
  var invitation: InvitationReply?

  enum CodingKeys: String, CodingKey {
    case externalId = "external_id"
    case interactionId = "interaction_id"
    case contactId = "contact_id"
    case created
    case decisions
    case invitation
  }

  init(_ record: IngestRecord) {
    externalId = record.interaction.externalID
    interactionId = record.interaction.id
    contactId = record.contact.id
    created = record.isNew
    decisions = record.decisions.map(DecisionReply.init)
    invitation = record.invitation.map(InvitationReply.init)
  }
}

/// The 202 answer to `POST /api/v1/interactions`.
struct IngestReply: Encodable {
  var created: Int
  var repeated: Int
  var invited: Int
  var items: [IngestItemReply]

  init(_ result: IngestBatchResult) {
    created = result.created
    repeated = result.records.count - result.created
    invited = result.invited
    items = result.records.map(IngestItemReply.init)
  }
}

struct InteractionReply: Encodable {
  var externalId: String
  var id: Int64
  var contactId: Int64
  var kind: String
  var channel: String
  var occurredAt: Date
  var properties: [String: String]
  var decisions: [DecisionReply]
  var invitations: [InvitationReply]

  enum CodingKeys: String, CodingKey {
    case externalId = "external_id"
    case id
    case contactId = "contact_id"
    case kind
    case channel
    case occurredAt = "occurred_at"
    case properties
    case decisions
    case invitations
  }

  init(interaction: Interaction, decisions: [EligibilityDecision], invitations: [Invitation]) {
    externalId = interaction.externalID
    id = interaction.id
    contactId = interaction.contactID
    kind = interaction.kind
    channel = interaction.channel
    occurredAt = interaction.occurredAt
    properties = interaction.properties
    self.decisions = decisions.map(DecisionReply.init)
    self.invitations = invitations.map(InvitationReply.init)
  }
}

struct DecisionsReply: Encodable {
  var decisions: [DecisionReply]
}
