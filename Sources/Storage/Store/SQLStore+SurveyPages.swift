import Foundation
import NPSCore

/// One opening of a score link (a view) or one score sent by the page's script (a tentative
/// pick), kept so the survey pages can tell a person's click from a link scanner's sweep.
public struct SurveyTouch: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    case view, pick
  }

  /// What became of a tentative pick.
  public enum PickState: String, Sendable, Hashable, CaseIterable {
    /// Waiting for its quiet window to pass.
    case pending
    /// Recorded as the response.
    case confirmed
    /// Dropped: other scores were touched around it (a scanner).
    case discarded
    /// Dropped: the person sent the form afterwards, which decides.
    case superseded
  }

  public var id: Int64
  public var invitationID: Int64
  public var score: Int
  public var kind: Kind
  public var at: Date
  /// Nil for views.
  public var state: PickState?

  public init(
    id: Int64, invitationID: Int64, score: Int, kind: Kind, at: Date, state: PickState?
  ) {
    self.id = id
    self.invitationID = invitationID
    self.score = score
    self.kind = kind
    self.at = at
    self.state = state
  }
}

/// An answer given on the survey pages for one invitation.
public struct SurveyAnswer: Sendable, Hashable {
  public var surveyID: Int64
  public var invitationID: Int64
  public var contactID: Int64
  public var score: Score
  /// `nil` keeps the stored comment, `.some(nil)` clears it, `.some(text)` sets it.
  public var comment: String??
  /// When it was given (the response's date when it is the first answer).
  public var at: Date
  /// Segment properties to snapshot when the response is created.
  public var properties: [String: String]
  /// How it was given, for the audit log: `form` or `pick`.
  public var via: String

  public init(
    surveyID: Int64, invitationID: Int64, contactID: Int64, score: Score, comment: String??,
    at: Date, properties: [String: String] = [:], via: String
  ) {
    self.surveyID = surveyID
    self.invitationID = invitationID
    self.contactID = contactID
    self.score = score
    self.comment = comment
    self.at = at
    self.properties = properties
    self.via = via
  }
}

/// What saving an answer did.
public struct SurveyAnswerResult: Sendable, Hashable {
  /// The invitation's response now.
  public var response: SurveyResponse
  /// The response before, nil when this answer created it.
  public var previous: SurveyResponse?
  /// Whether the score or comment changed (false for a repeat of the same answer). Only
  /// changes are written to the audit log.
  public var changed: Bool
}

/// The caller's verdict on a pending pick, given the touches around it.
public enum PickDecision: Sendable, Hashable {
  case confirm(SurveyAnswer)
  case discard
  /// Not yet: leave it pending.
  case wait
}

/// What resolving a pending pick did.
public enum PickOutcome: Sendable, Hashable {
  case confirmed(SurveyAnswerResult)
  case discarded
  case waiting
  /// The invitation already had a response (sent with the form, or an earlier pick): a pick
  /// only ever makes the first response; changing one takes the form's Send.
  case superseded
  /// Another process (or the person's form) resolved it first.
  case alreadyResolved
}

/// What the survey pages need to know of a token, read in one snapshot.
public struct SurveyPageRecords: Sendable {
  public var invitation: Invitation
  public var survey: Survey
  public var contact: Contact
  /// The invitation's page state, when it was asked for in the same read.
  public var state: SurveyPageState?
}

/// An invitation's state as its survey page shows it: the tentative picks whose quiet window
/// has passed (to settle first) and the response.
public struct SurveyPageState: Sendable {
  public var duePicks: [SurveyTouch]
  public var response: SurveyResponse?
}

extension SQLStore {
  /// Records a view, or a tentative pick (state `pending`), of a score for an invitation.
  @discardableResult
  public func recordSurveyTouch(
    invitationID: Int64, score: Int, kind: SurveyTouch.Kind, at: Date
  ) throws -> SurveyTouch {
    let state: String? = kind == .pick ? SurveyTouch.PickState.pending.rawValue : nil
    return try write { connection in
      guard
        let row = try connection.queryFirst(
          """
          INSERT INTO survey_touches (invitation_id, score, kind, at, state)
          VALUES (\(invitationID), \(score), \(kind.rawValue), \(at), \(state))
          RETURNING *
          """)
      else { throw StorageError(.query, "the touch was not recorded") }
      return try Self.touch(from: row)
    }
  }

  /// The invitation with this token hash, its survey and its contact, in one read; nil when
  /// any of them is missing. With `picksMadeAtOrBefore`, also the invitation's page state
  /// (``surveyPageState(invitationID:picksMadeAtOrBefore:limit:)``) in the same read, so a
  /// page that shows the response begins one read transaction, not two.
  public func surveyPageRecords(tokenHash: [UInt8], picksMadeAtOrBefore: Date? = nil) throws
    -> SurveyPageRecords?
  {
    try read { connection in
      guard
        let invitation = try connection.queryFirst(
          "SELECT * FROM invitations WHERE token_hash = \(tokenHash)"
        ).map(Self.invitation(from:)),
        let survey = try connection.queryFirst(
          "SELECT * FROM surveys WHERE id = \(invitation.surveyID)"
        ).map(Self.survey(from:)),
        let contact = try connection.queryFirst(
          "SELECT * FROM contacts WHERE id = \(invitation.contactID)"
        ).map(Self.contact(from:))
      else { return nil }
      let state = try picksMadeAtOrBefore.map {
        try Self.surveyPageState(
          invitationID: invitation.id, picksMadeAtOrBefore: $0, limit: 100, connection)
      }
      return SurveyPageRecords(
        invitation: invitation, survey: survey, contact: contact, state: state)
    }
  }

  /// The invitation's pending picks made at or before `picksMadeAtOrBefore` (oldest first, at
  /// most `limit`) and its response, in one read.
  public func surveyPageState(invitationID: Int64, picksMadeAtOrBefore: Date, limit: Int = 100)
    throws -> SurveyPageState
  {
    try read { connection in
      try Self.surveyPageState(
        invitationID: invitationID, picksMadeAtOrBefore: picksMadeAtOrBefore, limit: limit,
        connection)
    }
  }

  static func surveyPageState(
    invitationID: Int64, picksMadeAtOrBefore: Date, limit: Int, _ connection: any DatabaseConnection
  ) throws -> SurveyPageState {
    SurveyPageState(
      duePicks: try pendingPicks(
        madeAtOrBefore: picksMadeAtOrBefore, invitationID: invitationID, limit: limit,
        connection),
      response: try connection.queryFirst(
        "SELECT * FROM responses WHERE invitation_id = \(invitationID)"
      ).map(response(from:)))
  }

  /// The touches of an invitation from `from` through `through` (inclusive), oldest first.
  public func surveyTouches(invitationID: Int64, from: Date, through: Date) throws
    -> [SurveyTouch]
  {
    try read { connection in
      try Self.touches(invitationID: invitationID, from: from, through: through, connection)
    }
  }

  /// Pending picks made at or before `madeAtOrBefore`, oldest first; of one invitation when
  /// `invitationID` is given.
  public func pendingPicks(madeAtOrBefore: Date, invitationID: Int64? = nil, limit: Int) throws
    -> [SurveyTouch]
  {
    try read { connection in
      try Self.pendingPicks(
        madeAtOrBefore: madeAtOrBefore, invitationID: invitationID, limit: limit, connection)
    }
  }

  static func pendingPicks(
    madeAtOrBefore: Date, invitationID: Int64?, limit: Int, _ connection: any DatabaseConnection
  ) throws -> [SurveyTouch] {
    var invitation: SQLQuery = ""
    if let invitationID { invitation = " AND invitation_id = \(invitationID)" }
    return try connection.query(
      """
      SELECT * FROM survey_touches
      WHERE state = 'pending' AND at <= \(madeAtOrBefore)\(invitation)
      ORDER BY at, id LIMIT \(limit)
      """
    ).map(Self.touch(from:))
  }

  /// Resolves one pending pick in one transaction: `decide` sees the pick and every touch of
  /// its invitation within `window` seconds either side, and its verdict is applied (the
  /// response recorded with an audit entry, or the pick marked discarded). A pick to be
  /// confirmed for an invitation that already has a response is marked superseded instead
  /// (`.superseded`): it never changes what the person sent. A pick that is no
  /// longer pending is left alone (`.alreadyResolved`), so concurrent confirmers are safe.
  public func resolvePendingPick(
    id: Int64, window: TimeInterval,
    decide: (SurveyTouch, [SurveyTouch]) -> PickDecision
  ) throws -> PickOutcome {
    try write { connection in
      let lock = connection.dialect == .postgres ? " FOR UPDATE" : ""
      guard
        let row = try connection.queryFirst(
          "SELECT * FROM survey_touches WHERE id = \(id) AND state = 'pending'\(unsafe: lock)")
      else { return .alreadyResolved }
      let pick = try Self.touch(from: row)
      let around = try Self.touches(
        invitationID: pick.invitationID, from: pick.at.addingTimeInterval(-window),
        through: pick.at.addingTimeInterval(window), connection)
      switch decide(pick, around) {
      case .wait:
        return .waiting
      case .discard:
        try connection.execute("UPDATE survey_touches SET state = 'discarded' WHERE id = \(id)")
        return .discarded
      case .confirm(let answer):
        let answered = try connection.queryFirst(
          "SELECT 1 AS answered FROM responses WHERE invitation_id = \(pick.invitationID)")
        if answered != nil {
          try connection.execute(
            "UPDATE survey_touches SET state = 'superseded' WHERE id = \(id)")
          return .superseded
        }
        try connection.execute("UPDATE survey_touches SET state = 'confirmed' WHERE id = \(id)")
        return .confirmed(try Self.apply(answer, connection))
      }
    }
  }

  /// Saves an answer the person sent deliberately (a form): records or replaces the
  /// invitation's one response, marks the invitation's earlier pending picks superseded, and
  /// appends a `response.created` or `response.changed` audit entry when something changed.
  public func saveSurveyAnswer(_ answer: SurveyAnswer) throws -> SurveyAnswerResult {
    try write { connection in
      try connection.execute(
        """
        UPDATE survey_touches SET state = 'superseded'
        WHERE invitation_id = \(answer.invitationID) AND state = 'pending' AND at <= \(answer.at)
        """)
      return try Self.apply(answer, connection)
    }
  }

  /// Adds `hits` hits on `bucket` (e.g. `survey:203.0.113.9`) in the fixed window starting
  /// at `windowStart`, and returns the hits in that window including these. The counters are
  /// the store's `rate_limits` rows, shared by every process on the store.
  public func countRateLimitHits(bucket: String, windowStart: Date, hits: Int = 1) throws
    -> Int
  {
    try write { connection in
      let row = try connection.queryFirst(
        """
        INSERT INTO rate_limits (key, window_start, hits)
        VALUES (\(bucket), \(windowStart), \(Int64(hits)))
        ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + \(Int64(hits))
        RETURNING hits
        """)
      return Int(try row?.int("hits") ?? Int64(hits))
    }
  }

  /// Deletes touches older than `touchesBefore` (pending picks are kept) and rate-limit
  /// windows that started before `rateWindowsBefore`; returns the rows deleted.
  @discardableResult
  public func pruneSurveyPageState(touchesBefore: Date, rateWindowsBefore: Date) throws -> Int {
    try write { connection in
      let touches = try connection.execute(
        """
        DELETE FROM survey_touches
        WHERE at < \(touchesBefore) AND (state IS NULL OR state <> 'pending')
        """)
      let windows = try connection.execute(
        "DELETE FROM rate_limits WHERE window_start < \(rateWindowsBefore)")
      return touches + windows
    }
  }

  // MARK: Inside a transaction

  static func touches(
    invitationID: Int64, from: Date, through: Date, _ connection: any DatabaseConnection
  ) throws -> [SurveyTouch] {
    try connection.query(
      """
      SELECT * FROM survey_touches
      WHERE invitation_id = \(invitationID) AND at >= \(from) AND at <= \(through)
      ORDER BY at, id
      """
    ).map(touch(from:))
  }

  /// Records the answer as the invitation's response, audits a change and queues the alerts
  /// it raises (webhooks, the team's detractor email).
  static func apply(_ answer: SurveyAnswer, _ connection: any DatabaseConnection) throws
    -> SurveyAnswerResult
  {
    let previous = try lockedResponse("invitation_id = \(answer.invitationID)", connection)
    var setComment: String?
    if case .some(.some(let text)) = answer.comment { setComment = text }
    let input = NewResponse(
      surveyID: answer.surveyID, invitationID: answer.invitationID, contactID: answer.contactID,
      score: answer.score, comment: setComment, respondedAt: answer.at, source: .email,
      properties: answer.properties)
    var deltas = RollupDeltas()
    var response = try record(input, replaceAll: false, now: answer.at, connection, &deltas)
      .response
    try deltas.apply(connection)
    if case .some(.none) = answer.comment, response.comment != nil {
      try connection.execute("UPDATE responses SET comment = NULL WHERE id = \(response.id)")
      response.comment = nil
    }
    let changed =
      previous == nil || previous?.score != response.score || previous?.comment != response.comment
    if changed {
      let detail = AuditDetail(
        invitation: answer.invitationID, via: answer.via, score: response.score.value,
        previousScore: previous?.score.value, comment: response.comment,
        previousComment: previous?.comment)
      let action = previous == nil ? "response.created" : "response.changed"
      try connection.execute(
        """
        INSERT INTO audit_log (at, actor, action, target, detail)
        VALUES (\(answer.at), \("contact:\(answer.contactID)"), \(action),
          \("response:\(response.id)"), \(detail.json))
        """)
    }
    let result = SurveyAnswerResult(response: response, previous: previous, changed: changed)
    try enqueueAlerts(result, at: answer.at, connection)
    return result
  }

  static func touch(from row: SQLRow) throws -> SurveyTouch {
    guard let kind = SurveyTouch.Kind(rawValue: try row.string("kind")) else {
      throw StorageError.decoding(column: "kind")
    }
    return SurveyTouch(
      id: try row.int("id"), invitationID: try row.int("invitation_id"),
      score: Int(try row.int("score")), kind: kind, at: try row.date("at"),
      state: row.optionalString("state").flatMap(SurveyTouch.PickState.init(rawValue:)))
  }
}

/// The audit detail of an answer: the score and comment before and after.
private struct AuditDetail {
  var invitation: Int64
  var via: String
  var score: Int
  var previousScore: Int?
  var comment: String?
  var previousComment: String?

  /// Sorted keys in snake case; absent values left out.
  var json: String {
    var text = "{"
    if let comment {
      text += "\"comment\":"
      JSONText.appendQuoted(comment, to: &text)
      text += ","
    }
    text += "\"invitation\":\(invitation)"
    if let previousComment {
      text += ",\"previous_comment\":"
      JSONText.appendQuoted(previousComment, to: &text)
    }
    if let previousScore { text += ",\"previous_score\":\(previousScore)" }
    text += ",\"score\":\(score),\"via\":"
    JSONText.appendQuoted(via, to: &text)
    return text + "}"
  }
}

extension SQLStore {
  /// The segment properties of an interaction (empty when there is none with this id).
  public func interactionProperties(id: Int64) throws -> [String: String] {
    try read { connection in
      JSONText.decodeMap(
        try connection.queryFirst("SELECT properties FROM interactions WHERE id = \(id)")?
          .optionalString("properties"))
    }
  }
}
