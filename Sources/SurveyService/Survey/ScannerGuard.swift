import Foundation

/// Tells a person's click on a score link from an email security scanner's sweep.
///
/// The rule (documented in docs/survey-pages.md):
/// - Opening a score link (GET) never records anything; it is logged as a *view*.
/// - The page then sends the score by POST from its script: a *tentative pick*.
/// - A tentative pick becomes the response once `quietWindow` has passed with no view or
///   pick of a *different* score for the same invitation from `quietWindow` before the pick to
///   `quietWindow` after it. A scanner that opens all eleven links within seconds, running the
///   scripts or not, leaves views of several scores, so nothing is recorded.
/// - A form the person sends with a button (the comment, or the no-script confirm button) is
///   a deliberate act and is recorded at once.
public struct ScannerGuard: Sendable {
  /// How long a pick must stay alone before it counts. Default 20 seconds.
  public var quietWindow: TimeInterval

  public init(quietWindow: TimeInterval = 20) {
    self.quietWindow = quietWindow
  }

  /// One view of a score link or one tentative pick, for one invitation.
  public struct Touch: Sendable, Hashable {
    public var score: Int
    public var at: Date
    public init(score: Int, at: Date) {
      self.score = score
      self.at = at
    }
  }

  /// What to do with a tentative pick.
  public enum Verdict: Sendable, Hashable {
    /// Record the score as the response.
    case confirm
    /// Several scores were touched around it: a scanner. Record nothing.
    case discard
    /// Too early to tell; ask again at this moment.
    case wait(until: Date)
  }

  /// Judges a tentative pick given every touch (views and picks) of the same invitation.
  public func judge(pick: Touch, touches: [Touch], now: Date) -> Verdict {
    let from = pick.at.addingTimeInterval(-quietWindow)
    let to = pick.at.addingTimeInterval(quietWindow)
    let conflicting = touches.contains { touch in
      touch.score != pick.score && touch.at >= from && touch.at <= to
    }
    if conflicting { return .discard }
    if now < to { return .wait(until: to) }
    return .confirm
  }
}
