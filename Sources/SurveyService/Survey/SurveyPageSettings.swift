import Foundation

/// The knobs of the survey pages, with defaults for production.
public struct SurveyPageSettings: Sendable, Hashable {
  /// How long a tentative pick must stay alone before it counts (see ``ScannerGuard``).
  public var quietWindow: TimeInterval
  /// Requests on token pages (`/s/…`, `/u/…`) allowed per client address and window; 0 turns
  /// rate limiting off.
  public var rateLimit: Int
  /// The length of a rate-limit window in seconds.
  public var rateWindow: TimeInterval
  /// The longest comment, in characters (grapheme clusters, not bytes).
  public var maxCommentCharacters: Int
  /// How long views and resolved picks are kept (the guard needs seconds of them).
  public var touchRetention: TimeInterval

  public init(
    quietWindow: TimeInterval = 20, rateLimit: Int = 120, rateWindow: TimeInterval = 60,
    maxCommentCharacters: Int = SurveyComment.maxCharacters,
    touchRetention: TimeInterval = 7 * 86400
  ) {
    self.quietWindow = quietWindow
    self.rateLimit = rateLimit
    self.rateWindow = rateWindow
    self.maxCommentCharacters = maxCommentCharacters
    self.touchRetention = touchRetention
  }

  /// The defaults, changed by `NPS_SURVEY_RATE_LIMIT` (`REQUESTS/SECONDS`, e.g. `120/60`, or
  /// `0` for none) and `NPS_SURVEY_QUIET_SECONDS` where set.
  public init(tuning: TuningSettings) {
    self.init()
    if let limit = tuning.surveyRateLimit {
      rateLimit = limit.requests
      if let seconds = limit.windowSeconds { rateWindow = seconds }
    }
    if let seconds = tuning.surveyQuietSeconds { quietWindow = seconds }
  }
}
