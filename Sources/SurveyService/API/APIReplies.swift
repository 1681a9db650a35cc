import Foundation
import Storage

/// The JSON bodies of the interactions API (snake_case keys, ISO 8601 UTC times).
struct DecisionReply: Encodable {
  var survey_id: Int64
  var outcome: String
  var reason: String
  var decided_at: Date

  init(_ decision: EligibilityDecision) {
    survey_id = decision.surveyID
    outcome = decision.outcome
    reason = decision.reason
    decided_at = decision.decidedAt
  }
}

struct InvitationReply: Encodable {
  var id: Int64
  var status: String
  var send_after: Date
  var sent_at: Date?
  var reminder_sent_at: Date?

  init(_ invitation: Invitation) {
    id = invitation.id
    status = invitation.status.rawValue
    send_after = invitation.sendAfter
    sent_at = invitation.sentAt
    reminder_sent_at = invitation.reminderSentAt
  }
}

/// One item of an ingest reply.
struct IngestItemReply: Encodable {
  var external_id: String
  var interaction_id: Int64
  var contact_id: Int64
  /// False when the external id was known: nothing changed.
  var created: Bool
  var decisions: [DecisionReply]
  var invitation: InvitationReply?

  init(_ record: IngestRecord) {
    external_id = record.interaction.externalID
    interaction_id = record.interaction.id
    contact_id = record.contact.id
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
  var external_id: String
  var id: Int64
  var contact_id: Int64
  var kind: String
  var channel: String
  var occurred_at: Date
  var properties: [String: String]
  var decisions: [DecisionReply]
  var invitations: [InvitationReply]

  init(interaction: Interaction, decisions: [EligibilityDecision], invitations: [Invitation]) {
    external_id = interaction.externalID
    id = interaction.id
    contact_id = interaction.contactID
    kind = interaction.kind
    channel = interaction.channel
    occurred_at = interaction.occurredAt
    properties = interaction.properties
    self.decisions = decisions.map(DecisionReply.init)
    self.invitations = invitations.map(InvitationReply.init)
  }
}

struct DecisionsReply: Encodable {
  var decisions: [DecisionReply]
}
