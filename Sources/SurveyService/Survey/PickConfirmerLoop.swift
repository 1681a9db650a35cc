import Foundation
import Synchronization

/// Runs ``PickConfirmer/run(now:)`` every `interval` seconds on a background thread until
/// ``stop()``: the one line a worker needs (`let loop = PickConfirmerLoop(context: c); loop.start()`
/// … `loop.stop()`). Errors are logged and the loop goes on. The time passed to `run` comes
/// from the context's clock; only the pause between runs is real time.
public final class PickConfirmerLoop: Sendable {
  public let confirmer: PickConfirmer
  public let interval: TimeInterval
  /// Signalled by `stop()` to end the pause at once.
  private let wake = DispatchSemaphore(value: 0)
  /// Signalled by the thread when it has finished.
  private let finished = DispatchSemaphore(value: 0)
  private let state = Mutex<State>(.idle)

  private enum State { case idle, running, stopped }

  public init(confirmer: PickConfirmer, interval: TimeInterval = 5) {
    self.confirmer = confirmer
    self.interval = interval
  }

  public convenience init(context: ServiceContext, interval: TimeInterval = 5) {
    self.init(confirmer: PickConfirmer(context: context), interval: interval)
  }

  /// Starts the thread (once; later calls do nothing).
  public func start() {
    let starting = state.withLock { current -> Bool in
      guard current == .idle else { return false }
      current = .running
      return true
    }
    guard starting else { return }
    let thread = Thread { [self] in
      while state.withLock({ $0 == .running }) {
        do {
          try confirmer.run(now: confirmer.context.clock.now())
        } catch {
          confirmer.context.logger.error(
            "confirming survey picks failed: \(String(reflecting: error))")
        }
        _ = wake.wait(timeout: .now() + interval)
      }
      finished.signal()
    }
    thread.name = "nps-pick-confirmer"
    thread.start()
  }

  /// Stops the loop and waits for a run in progress to finish.
  public func stop() {
    let wasRunning = state.withLock { current -> Bool in
      let running = current == .running
      current = .stopped
      return running
    }
    guard wasRunning else { return }
    wake.signal()
    finished.wait()
  }
}
