import Foundation
import HTTPServer
import Storage

/// Limits API requests per key: `burst` requests in each fixed window of `burst / rate`
/// seconds (so `rate` a second on average), counted in the store's `rate_limits` rows, so
/// every `nps serve` node on one store shares the count (written in batches:
/// ``RateLimitCounter``).
///
/// A fixed window lets a key send up to twice the burst across a window's edge; the window
/// is at most ``maxWindow`` long (a very low rate with a large burst is held to the rate over
/// an hour), so the rows that count it are never pruned while it is open.
struct APIRateLimit: Sendable {
  /// Longest window; the survey pages' pruning keeps rate-limit rows at least this long.
  static let maxWindow: TimeInterval = 3600

  let counter: RateLimitCounter
  /// Requests a second per key, on average.
  let rate: Double
  /// Requests per window.
  let limit: Int
  /// Length of a window in seconds.
  let window: TimeInterval

  init(store: SQLStore, rate: Double, burst: Double) {
    counter = RateLimitCounter(store: store)
    self.rate = rate
    window = min(Self.maxWindow, max(1, burst) / rate)
    limit = max(1, Int((rate * window).rounded(.down)))
  }

  /// The request's API key, checked for `scope` (401, 403) and counted against its rate (429):
  /// what every `/api/v1` route does first.
  func authorize(_ request: Request, scope: APIScope, context: ServiceContext) throws -> APIKey {
    let key = try APIKeys.authorize(request, scope: scope, context: context)
    try check(keyID: key.id, now: context.clock.now())
    return key
  }

  /// Counts the request of key `keyID`; throws a 429 problem with `Retry-After` (whole
  /// seconds to the next window) past the limit.
  func check(keyID: Int64, now: Date) throws {
    let seconds = now.timeIntervalSince1970
    let start = (seconds / window).rounded(.down) * window
    let hits = try counter.hit(
      bucket: "api:\(keyID)",
      window: DateInterval(start: Date(timeIntervalSince1970: start), duration: window),
      limit: limit, now: now)
    guard hits > limit else { return }
    let retryAfter = max(1, Int((start + window - seconds).rounded(.up)))
    throw ProblemDetails(
      status: .tooManyRequests,
      detail: "more than \(limit) requests in \(Self.describe(window)) for this key",
      headers: ["Retry-After": String(retryAfter)])
  }

  private static func describe(_ window: TimeInterval) -> String {
    window == window.rounded() ? "\(Int(window)) s" : String(format: "%.1f s", window)
  }
}
