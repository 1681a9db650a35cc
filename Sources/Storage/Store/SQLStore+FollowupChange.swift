import Foundation

/// A change to a response's follow-up from a form: the fields left nil stay as they are, so a
/// form that shows only the status cannot wipe the owner or notes someone else saved.
public struct FollowupChange: Sendable, Hashable {
  public var status: FollowupStatus?
  /// The new owner; `.some(nil)` removes the owner, nil leaves it.
  public var owner: Int64??
  public var notes: String?
  /// The ``Followup/version`` the form was made from (0: it had no follow-up yet), or nil to
  /// save whatever is stored now.
  public var basedOnVersion: Int64?

  public init(
    status: FollowupStatus? = nil, owner: Int64?? = nil, notes: String? = nil,
    basedOnVersion: Int64? = nil
  ) {
    self.status = status
    self.owner = owner
    self.notes = notes
    self.basedOnVersion = basedOnVersion
  }
}

/// What ``SQLStore/changeFollowup(responseID:change:now:)`` did.
public enum FollowupChangeResult: Sendable, Hashable {
  case saved(Followup)
  /// The follow-up was saved by someone else after the form was made; nothing was changed.
  /// Holds what is stored now (nil: nothing).
  case stale(Followup?)
}

extension Followup {
  /// Changes with every save (`updated_at` in milliseconds, kept increasing), so a form can
  /// tell whether the follow-up it shows is still the stored one.
  public var version: Int64 { updatedAt.millisecondsSince1970 }
}

extension SQLStore {
  /// Applies `change` to the response's follow-up (made with status `new` when it has none)
  /// in one transaction. Throws `.notFound` for an unknown response.
  public func changeFollowup(responseID: Int64, change: FollowupChange, now: Date) throws
    -> FollowupChangeResult
  {
    try write { connection in
      let lock = connection.dialect == .postgres ? " FOR UPDATE" : ""
      let stored = try connection.queryFirst(
        "SELECT * FROM followups WHERE response_id = \(responseID)\(unsafe: lock)"
      ).map(Self.followup(from:))
      if let expected = change.basedOnVersion, expected != (stored?.version ?? 0) {
        return .stale(stored)
      }
      let status = change.status ?? stored?.status ?? .new
      let owner = change.owner ?? stored?.ownerUserID
      let notes = change.notes ?? stored?.notes ?? ""
      // A later version than the stored one, also for two saves within a millisecond.
      let stamp = Date(
        millisecondsSince1970: max(now.millisecondsSince1970, (stored?.version ?? 0) + 1))
      guard
        let row = try connection.queryFirst(
          """
          INSERT INTO followups (response_id, status, owner_user_id, notes, created_at, updated_at)
          VALUES (\(responseID), \(status.rawValue), \(owner), \(notes), \(stamp), \(stamp))
          ON CONFLICT (response_id) DO UPDATE SET status = excluded.status,
            owner_user_id = excluded.owner_user_id, notes = excluded.notes,
            updated_at = excluded.updated_at
          RETURNING *
          """)
      else { throw StorageError.notFound("response \(responseID)") }
      return .saved(try Self.followup(from: row))
    }
  }
}
