import Foundation
import Synchronization

/// Where the service reads the time. Production uses the system clock; tests use a
/// `ManualClock` they move forward, so no test sleeps to see time pass.
public protocol ServiceClock: Sendable {
  func now() -> Date
}

/// The system's wall clock.
public struct SystemClock: ServiceClock {
  public init() {}
  public func now() -> Date { Date() }
}

/// A clock that only moves when told to.
public final class ManualClock: ServiceClock {
  private let current: Mutex<Date>

  public init(_ start: Date) { current = Mutex(start) }

  public func now() -> Date { current.withLock { $0 } }

  /// Moves the clock forward (or sets it).
  public func advance(by seconds: TimeInterval) {
    current.withLock { $0 = $0.addingTimeInterval(seconds) }
  }

  public func set(_ date: Date) { current.withLock { $0 = date } }
}
