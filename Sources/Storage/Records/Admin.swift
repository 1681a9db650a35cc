import Foundation

/// Something the company changed, to compare NPS before and after.
public struct Change: Sendable, Hashable, Codable {
  public var id: Int64
  public var surveyID: Int64?
  public var title: String
  public var description: String
  public var changedAt: Date
  public var createdAt: Date

  public init(
    id: Int64 = 0, surveyID: Int64?, title: String, description: String = "", changedAt: Date,
    createdAt: Date = Date()
  ) {
    self.id = id
    self.surveyID = surveyID
    self.title = title
    self.description = description
    self.changedAt = changedAt
    self.createdAt = createdAt
  }
}

public enum FollowupStatus: String, Sendable, Hashable, Codable, CaseIterable {
  case new, contacted, resolved
}

/// Closing the loop with one (usually detractor) response.
public struct Followup: Sendable, Hashable, Codable {
  public var id: Int64
  public var responseID: Int64
  public var status: FollowupStatus
  public var ownerUserID: Int64?
  public var notes: String
  public var createdAt: Date
  public var updatedAt: Date
}

/// A person who can sign in to the dashboard.
public struct User: Sendable, Hashable, Codable {
  public var id: Int64
  public var email: String
  public var name: String
  /// An argon2id hash string from libsodium.
  public var passwordHash: String
  public var role: String
  public var createdAt: Date
  public var disabledAt: Date?
}

/// A signed-in browser. The session id is never stored: only its hash.
public struct LoginSession: Sendable, Hashable, Codable {
  public var idHash: [UInt8]
  public var userID: Int64
  public var csrfToken: String
  public var createdAt: Date
  public var expiresAt: Date

  public init(idHash: [UInt8], userID: Int64, csrfToken: String, createdAt: Date, expiresAt: Date) {
    self.idHash = idHash
    self.userID = userID
    self.csrfToken = csrfToken
    self.createdAt = createdAt
    self.expiresAt = expiresAt
  }
}

/// An API key; the key itself is never stored, only its hash and a short prefix to recognise it.
public struct APIKey: Sendable, Hashable, Codable {
  public var id: Int64
  public var name: String
  public var keyHash: [UInt8]
  public var prefix: String
  /// e.g. `ingest`, `read`, `admin`.
  public var scopes: [String]
  public var createdAt: Date
  public var lastUsedAt: Date?
  public var revokedAt: Date?
}

/// An endpoint that receives signed event notifications.
public struct Webhook: Sendable, Hashable, Codable {
  public var id: Int64
  public var url: String
  /// The HMAC key used to sign deliveries.
  public var secret: String
  /// Event names (``AlertEventKind`` raw values), e.g. `response.detractor`.
  public var events: [String]
  /// Only this survey's events; nil for every survey.
  public var surveyID: Int64?
  public var active: Bool
  public var createdAt: Date
}

/// One attempt to deliver an event to a webhook.
public struct WebhookDelivery: Sendable, Hashable, Codable {
  public var id: Int64
  public var webhookID: Int64
  public var jobID: Int64?
  public var event: String
  public var payload: String
  /// The HTTP status received; nil when no response came.
  public var responseStatus: Int?
  public var error: String?
  public var attemptedAt: Date
}

/// An entry of the audit log: who did what to what.
public struct AuditEntry: Sendable, Hashable, Codable {
  public var id: Int64
  public var at: Date
  public var actor: String
  public var action: String
  public var target: String
  /// A JSON object with details.
  public var detail: String

  public init(
    id: Int64 = 0, at: Date, actor: String, action: String, target: String = "",
    detail: String = "{}"
  ) {
    self.id = id
    self.at = at
    self.actor = actor
    self.action = action
    self.target = target
    self.detail = detail
  }
}

/// Which audit entries to list, newest first, a page at a time.
public struct AuditQuery: Sendable, Hashable {
  /// Only entries by this actor (exact, e.g. `ana@example.com`); nil for all.
  public var actor: String?
  /// Only entries whose target is of this kind, the part before `:` (`user` for `user:3`).
  public var targetKind: String?
  /// Only entries older than this id (the next page); nil for the newest.
  public var beforeID: Int64?
  public var limit: Int

  public init(
    actor: String? = nil, targetKind: String? = nil, beforeID: Int64? = nil, limit: Int = 50
  ) {
    self.actor = actor
    self.targetKind = targetKind
    self.beforeID = beforeID
    self.limit = limit
  }
}

/// A background job (alert, digest, webhook delivery…) in the store's queue.
public struct Job: Sendable, Hashable, Codable {
  public enum Status: String, Sendable, Hashable, Codable { case pending, done, failed }
  public var id: Int64
  public var kind: String
  /// A JSON document for the handler of `kind`.
  public var payload: String
  /// When set, a second job with the same key is not enqueued.
  public var uniqueKey: String?
  public var status: Status
  public var runAfter: Date
  public var attempts: Int
  public var leaseOwner: String?
  public var leaseUntil: Date?
  public var lastError: String?
  public var finishedAt: Date?
  public var createdAt: Date
}
