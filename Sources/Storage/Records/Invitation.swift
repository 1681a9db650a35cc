import Foundation

/// The state of an invitation in the send queue.
public enum InvitationStatus: String, Sendable, Hashable, Codable, CaseIterable {
  /// Waiting for `sendAfter`, or leased by a worker that is sending it.
  case scheduled
  case sent
  /// Gave up (permanent error or too many attempts).
  case failed
  /// Withdrawn before sending (unsubscribed, bounced, superseded).
  case cancelled
}

/// An email asking one contact to answer one survey. The token is never stored: only its hash.
public struct Invitation: Sendable, Hashable, Codable {
  public var id: Int64
  public var surveyID: Int64
  public var contactID: Int64
  public var interactionID: Int64?
  /// A hash of the survey token (e.g. SHA-256), computed by the caller.
  public var tokenHash: [UInt8]
  public var status: InvitationStatus
  public var sendAfter: Date
  /// Times it was leased for sending.
  public var attempts: Int
  public var leaseOwner: String?
  public var leaseUntil: Date?
  public var sentAt: Date?
  public var messageID: String?
  public var lastError: String?
  public var reminderSentAt: Date?
  public var createdAt: Date

  public init(
    id: Int64, surveyID: Int64, contactID: Int64, interactionID: Int64?, tokenHash: [UInt8],
    status: InvitationStatus, sendAfter: Date, attempts: Int, leaseOwner: String?,
    leaseUntil: Date?, sentAt: Date?, messageID: String?, lastError: String?,
    reminderSentAt: Date?, createdAt: Date
  ) {
    self.id = id
    self.surveyID = surveyID
    self.contactID = contactID
    self.interactionID = interactionID
    self.tokenHash = tokenHash
    self.status = status
    self.sendAfter = sendAfter
    self.attempts = attempts
    self.leaseOwner = leaseOwner
    self.leaseUntil = leaseUntil
    self.sentAt = sentAt
    self.messageID = messageID
    self.lastError = lastError
    self.reminderSentAt = reminderSentAt
    self.createdAt = createdAt
  }
}

/// What is needed to schedule an invitation.
public struct NewInvitation: Sendable, Hashable {
  public var surveyID: Int64
  public var contactID: Int64
  public var interactionID: Int64?
  public var tokenHash: [UInt8]
  public var sendAfter: Date

  public init(
    surveyID: Int64, contactID: Int64, interactionID: Int64? = nil, tokenHash: [UInt8],
    sendAfter: Date
  ) {
    self.surveyID = surveyID
    self.contactID = contactID
    self.interactionID = interactionID
    self.tokenHash = tokenHash
    self.sendAfter = sendAfter
  }
}
