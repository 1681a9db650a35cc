import Foundation

/// The rules that decide whether an interaction leads to a survey invitation, and when.
public struct EligibilityRules: Sendable, Hashable {
  /// Nobody gets a new invitation within this many days of the last one sent to them for
  /// any survey.
  public var throttleDays: Int
  /// Minutes between the interaction and the invitation.
  public var delayMinutes: Int
  /// The share of eligible interactions that get an invitation, 0...1.
  public var sampleRate: Double
  /// Local hours when no invitation is sent; nil for none.
  public var quietHours: QuietHours?
  /// The company's time zone, used when the contact has none.
  public var companyTimeZone: TimeZone

  public init(
    throttleDays: Int = 90, delayMinutes: Int = 0, sampleRate: Double = 1,
    quietHours: QuietHours? = nil, companyTimeZone: TimeZone = TimeZone(identifier: "UTC")!
  ) {
    self.throttleDays = throttleDays
    self.delayMinutes = delayMinutes
    self.sampleRate = sampleRate
    self.quietHours = quietHours
    self.companyTimeZone = companyTimeZone
  }
}

/// What is known about the contact when an interaction arrives.
public struct EligibilityFacts: Sendable, Hashable {
  public var occurredAt: Date
  public var unsubscribedAt: Date?
  public var bouncedAt: Date?
  /// Whether an invitation to this contact is scheduled and not yet sent, for any survey.
  public var hasPendingInvitation: Bool
  /// When the last invitation to this contact was sent, for any survey.
  public var lastSentAt: Date?
  /// The contact's IANA time zone, if known and valid.
  public var timeZone: TimeZone?

  public init(
    occurredAt: Date, unsubscribedAt: Date? = nil, bouncedAt: Date? = nil,
    hasPendingInvitation: Bool = false, lastSentAt: Date? = nil, timeZone: TimeZone? = nil
  ) {
    self.occurredAt = occurredAt
    self.unsubscribedAt = unsubscribedAt
    self.bouncedAt = bouncedAt
    self.hasPendingInvitation = hasPendingInvitation
    self.lastSentAt = lastSentAt
    self.timeZone = timeZone
  }
}

/// The outcome of the rules for one interaction, with a reason a person can read.
public enum EligibilityOutcome: Sendable, Hashable {
  case invite(sendAfter: Date)
  case skip(SkipReason)

  public var outcome: String {
    switch self {
    case .invite: "invite"
    case .skip: "skip"
    }
  }

  public var reason: String {
    switch self {
    case .invite(let sendAfter): "scheduled for \(ISO8601Instant.string(sendAfter))"
    case .skip(let reason): reason.description
    }
  }
}

/// Why no invitation was made.
public enum SkipReason: Sendable, Hashable, CustomStringConvertible {
  case unsubscribed
  case bounced
  case pendingInvitation
  case throttled(lastSentAt: Date, until: Date)
  case notSampled(rate: Double)

  /// A stable machine-readable code.
  public var code: String {
    switch self {
    case .unsubscribed: "unsubscribed"
    case .bounced: "bounced"
    case .pendingInvitation: "pending_invitation"
    case .throttled: "throttled"
    case .notSampled: "not_sampled"
    }
  }

  public var description: String {
    switch self {
    case .unsubscribed: "unsubscribed: the contact asked not to be surveyed"
    case .bounced: "bounced: an earlier email to this address was rejected"
    case .pendingInvitation: "pending_invitation: an invitation is already scheduled"
    case .throttled(let last, let until):
      "throttled: last invitation sent \(ISO8601Instant.string(last)), "
        + "next allowed \(ISO8601Instant.string(until))"
    case .notSampled(let rate): "not_sampled: outside the sample rate \(rate)"
    }
  }
}

extension EligibilityRules {
  /// Decides for one interaction.
  ///
  /// The send moment is the interaction time plus the delay, never before `now`, then moved
  /// out of quiet hours in the contact's zone (else the company's). The throttle window is
  /// counted from the last invitation *sent* (any survey) to that send moment.
  /// `sampleDraw` is a uniform value in 0..<1 supplied by the caller.
  public func decide(_ facts: EligibilityFacts, now: Date, sampleDraw: Double)
    -> EligibilityOutcome
  {
    if facts.unsubscribedAt != nil { return .skip(.unsubscribed) }
    if facts.bouncedAt != nil { return .skip(.bounced) }
    if facts.hasPendingInvitation { return .skip(.pendingInvitation) }
    var sendAfter = max(now, facts.occurredAt.addingTimeInterval(Double(delayMinutes) * 60))
    if let quietHours {
      sendAfter = quietHours.nextAllowed(
        after: sendAfter, in: facts.timeZone ?? companyTimeZone)
    }
    if let last = facts.lastSentAt {
      let until = last.addingTimeInterval(Double(throttleDays) * 86400)
      if sendAfter < until { return .skip(.throttled(lastSentAt: last, until: until)) }
    }
    if sampleDraw >= sampleRate { return .skip(.notSampled(rate: sampleRate)) }
    return .invite(sendAfter: sendAfter)
  }
}
