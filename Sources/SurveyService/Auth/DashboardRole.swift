/// What a dashboard user may do.
public enum DashboardRole: String, Sendable, Hashable, CaseIterable {
  /// Everything, including users, API keys and settings.
  case admin
  /// Reads everything and works with responses: follow-ups, changes, survey settings.
  case member
  /// Reads only; every form is refused (403).
  case viewer

  /// The role of a stored user; an unknown role string reads as `viewer` (least power).
  public init(stored: String) {
    self = DashboardRole(rawValue: stored) ?? .viewer
  }

  /// Whether the role includes everything `other` may do.
  public func includes(_ other: DashboardRole) -> Bool {
    rank >= other.rank
  }

  private var rank: Int {
    switch self {
    case .viewer: 0
    case .member: 1
    case .admin: 2
    }
  }
}
