import Foundation
import HTTPServer
import Storage

/// Limits token look-ups and POSTs per client address: a fixed window counted in the store
/// (table `rate_limits`), so every server process on one store shares the count.
///
/// The address is the TCP peer (`Request.clientAddress`); behind a proxy every client shares
/// the proxy's address, so raise the limit there or give each client its own address.
struct SurveyRateLimiter: Sendable {
  let store: SQLStore
  let limit: Int
  let window: TimeInterval

  /// Counts the request; throws the 429 page (with `Retry-After`) past the limit.
  func check(_ request: Request, now: Date) throws {
    guard limit > 0 else { return }
    let seconds = now.timeIntervalSince1970
    let start = (seconds / window).rounded(.down) * window
    let address = request.clientAddress.isEmpty ? "unknown" : request.clientAddress
    let hits = try store.countRateLimitHit(
      bucket: "survey:" + address, windowStart: Date(timeIntervalSince1970: start))
    if hits > limit {
      let retryAfter = max(1, Int((start + window - seconds).rounded(.up)))
      throw SurveyPageError(
        .tooManyRequests(retryAfter: retryAfter), language: SurveyPageError.language(of: request))
    }
  }
}
