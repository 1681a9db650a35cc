import Foundation
import HTTPServer
import Storage

/// Limits token look-ups and POSTs per client address: a fixed window counted in the store
/// (table `rate_limits`), so every server process on one store shares the count (written in
/// batches: ``RateLimitCounter``).
///
/// The address is the TCP peer (`Request.clientAddress`); behind a proxy every client shares
/// the proxy's address, so raise the limit there or give each client its own address.
struct SurveyRateLimiter: Sendable {
  let counter: RateLimitCounter
  let limit: Int
  let window: TimeInterval

  init(store: SQLStore, limit: Int, window: TimeInterval) {
    counter = RateLimitCounter(store: store)
    self.limit = limit
    self.window = window
  }

  /// Counts the request; throws the 429 page (with `Retry-After`) past the limit.
  func check(_ request: Request, now: Date) throws {
    guard limit > 0 else { return }
    let seconds = now.timeIntervalSince1970
    let start = (seconds / window).rounded(.down) * window
    let address = request.clientAddress.isEmpty ? "unknown" : request.clientAddress
    let hits = try counter.hit(
      bucket: "survey:" + address,
      window: DateInterval(start: Date(timeIntervalSince1970: start), duration: window),
      limit: limit, now: now)
    if hits > limit {
      let retryAfter = max(1, Int((start + window - seconds).rounded(.up)))
      throw SurveyPageError(
        .tooManyRequests(retryAfter: retryAfter), language: SurveyPageError.language(of: request))
    }
  }
}
