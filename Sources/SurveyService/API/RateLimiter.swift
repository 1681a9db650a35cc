import Foundation
import Synchronization

/// A token bucket per API key: `rate` requests a second on average, bursts up to `burst`.
///
/// State is in this process's memory: with several `nps serve` nodes each node allows the
/// rate (documented in docs/api.md). Safe from any thread (one mutex).
public final class RateLimiter: Sendable {
  public let rate: Double
  public let burst: Double
  private struct Bucket {
    var tokens: Double
    var updated: Date
  }
  private let buckets = Mutex<[Int64: Bucket]>([:])

  public init(rate: Double, burst: Double) {
    self.rate = rate
    self.burst = max(1, burst)
  }

  /// Takes one token for `key`; nil when allowed, else the seconds until one is available.
  public func take(key: Int64, now: Date) -> TimeInterval? {
    buckets.withLock { buckets in
      var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
      let elapsed = max(0, now.timeIntervalSince(bucket.updated))
      bucket.tokens = min(burst, bucket.tokens + elapsed * rate)
      bucket.updated = now
      defer { buckets[key] = bucket }
      if bucket.tokens >= 1 {
        bucket.tokens -= 1
        return nil
      }
      return (1 - bucket.tokens) / rate
    }
  }
}
