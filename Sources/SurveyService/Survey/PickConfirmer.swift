import Foundation
import NPSCore
import Storage

/// Settles tentative picks: each pending pick whose quiet window has passed becomes the
/// invitation's response, or is discarded when other scores were touched around it (see
/// ``ScannerGuard``). Nobody has to act again for a person's single click to count.
///
/// Call ``run(now:)`` every few seconds from the worker (any number of processes may run it
/// at once on one store: each pick is resolved in one transaction, once). The survey pages
/// also settle an invitation's due picks whenever that invitation is touched again, and the
/// page's script asks for it once the window has passed.
public struct PickConfirmer: Sendable {
  public let context: ServiceContext
  public let settings: SurveyPageSettings
  public var guardRule: ScannerGuard { ScannerGuard(quietWindow: settings.quietWindow) }

  /// What one run did.
  public struct Report: Sendable, Hashable {
    public var confirmed = 0
    public var discarded = 0
    public var waiting = 0
    /// Picks that came after the invitation's response (see `PickOutcome.superseded`).
    public var superseded = 0
    public init() {}
  }

  /// A confirmer with the settings of the context's configuration (`NPS_SURVEY_QUIET_SECONDS`).
  public init(context: ServiceContext) {
    self.init(context: context, settings: SurveyPageSettings(tuning: context.configuration.tuning))
  }

  public init(context: ServiceContext, settings: SurveyPageSettings) {
    self.context = context
    self.settings = settings
  }

  /// Confirms or discards every pick whose quiet window has passed at `now`, then deletes
  /// touches and rate-limit windows older than their retention.
  @discardableResult
  public func run(now: Date) throws -> Report {
    var report = Report()
    let due = now.addingTimeInterval(-settings.quietWindow)
    var seen = Set<Int64>()
    while true {
      let picks = try context.store.pendingPicks(madeAtOrBefore: due, limit: 200)
        .filter { !seen.contains($0.id) }
      if picks.isEmpty { break }
      for pick in picks {
        seen.insert(pick.id)
        try resolve(pick, now: now, into: &report)
      }
    }
    try context.store.pruneSurveyPageState(
      touchesBefore: now.addingTimeInterval(-settings.touchRetention),
      rateWindowsBefore: now.addingTimeInterval(
        -max(2 * settings.rateWindow, 2 * APIRateLimit.maxWindow)))
    if report.confirmed + report.discarded > 0 {
      context.logger.debug(
        "picks: \(report.confirmed) confirmed, \(report.discarded) discarded")
    }
    return report
  }

  /// The same for one invitation's due picks (the lazy path).
  @discardableResult
  public func settle(invitationID: Int64, now: Date) throws -> Report {
    try settle(
      context.store.pendingPicks(
        madeAtOrBefore: dueBy(now), invitationID: invitationID, limit: 100),
      now: now)
  }

  /// Resolves these pending picks (read by the caller, made at or before ``dueBy(_:)``).
  @discardableResult
  public func settle(_ picks: [SurveyTouch], now: Date) throws -> Report {
    var report = Report()
    for pick in picks {
      try resolve(pick, now: now, into: &report)
    }
    return report
  }

  /// Picks made at or before this moment have had their quiet window at `now`.
  public func dueBy(_ now: Date) -> Date {
    now.addingTimeInterval(-settings.quietWindow)
  }

  private func resolve(_ pick: SurveyTouch, now: Date, into report: inout Report) throws {
    guard let invitation = try context.store.invitation(id: pick.invitationID),
      let contact = try context.store.contact(id: invitation.contactID),
      let score = Score(exactly: pick.score)
    else {
      _ = try context.store.resolvePendingPick(id: pick.id, window: 0) { _, _ in .discard }
      report.discarded += 1
      return
    }
    let answer = SurveyAnswer(
      surveyID: invitation.surveyID, invitationID: invitation.id, contactID: contact.id,
      score: score, comment: nil, at: pick.at,
      properties: try Self.snapshot(invitation: invitation, contact: contact, context.store),
      via: "pick")
    let rule = guardRule
    let outcome = try context.store.resolvePendingPick(id: pick.id, window: settings.quietWindow) {
      pick, touches in
      let verdict = rule.judge(
        pick: ScannerGuard.Touch(pick), touches: touches.map(ScannerGuard.Touch.init), now: now)
      switch verdict {
      case .confirm: return .confirm(answer)
      case .discard: return .discard
      case .wait: return .wait
      }
    }
    switch outcome {
    case .confirmed: report.confirmed += 1
    case .discarded: report.discarded += 1
    case .waiting: report.waiting += 1
    case .superseded: report.superseded += 1
    case .alreadyResolved: break
    }
  }

  /// The segment properties a new response keeps: the contact's, overlaid by the
  /// interaction's (agent, team…).
  static func snapshot(invitation: Invitation, contact: Contact, _ store: SQLStore) throws
    -> [String: String]
  {
    var properties = contact.properties
    if let interactionID = invitation.interactionID {
      properties.merge(try store.interactionProperties(id: interactionID)) { _, new in new }
    }
    return properties
  }
}

extension ScannerGuard.Touch {
  /// A stored view or pick as the guard sees it.
  init(_ touch: SurveyTouch) {
    self.init(score: touch.score, at: touch.at)
  }
}
