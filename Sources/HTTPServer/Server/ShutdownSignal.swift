import CHTTPShim
import Dispatch
import Foundation
import Synchronization

/// Blocks until the process receives one of a set of signals (by default SIGTERM or SIGINT),
/// so a command can run a server until it is asked to stop:
/// ```swift
/// let shutdown = ShutdownSignal()   // create before starting threads that might get signals
/// let server = try HTTPServer(configuration: configuration, responder: responder)
/// let signal = shutdown.wait()
/// server.stop(timeout: .seconds(10))
/// ```
///
/// Creating it sets the signals' action to "ignore" for the whole process (otherwise they would
/// end it) and listens with `DispatchSourceSignal`; `init` returns once the sources are
/// registered, so a signal sent after that is not lost. `cancel()` restores nothing.
public final class ShutdownSignal: Sendable {
  /// `@unchecked Sendable`: the sources are created in `init`, then only cancelled; dispatch
  /// sources are thread-safe.
  private struct Sources: @unchecked Sendable {
    let sources: [any DispatchSourceSignal]
  }

  private let sources: Sources
  private let received = Atomic<Int32>(0)
  private let semaphore = DispatchSemaphore(value: 0)

  /// Starts listening for `signals`.
  public init(signals: [Int32] = [SIGTERM, SIGINT]) {
    let queue = DispatchQueue(label: "ShutdownSignal")
    var sources: [any DispatchSourceSignal] = []
    for signalNumber in signals {
      nps_http_ignore_signal(signalNumber)
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
      sources.append(source)
    }
    self.sources = Sources(sources: sources)
    // libdispatch on Linux registers a signal source asynchronously on its manager thread, by
    // installing its own handler in place of SIG_IGN; a signal sent before that is lost. So
    // wait for every registration before returning (measured: without this, a signal sent
    // right after init was dropped in about one run in seven).
    let registered = DispatchSemaphore(value: 0)
    for (source, signalNumber) in zip(sources, signals) {
      source.setEventHandler { [weak self] in
        self?.deliver(signalNumber)
      }
      source.setRegistrationHandler { registered.signal() }
      source.resume()
    }
    for _ in signals {
      registered.wait()
    }
  }

  deinit {
    cancel()
  }

  /// Blocks until one of the signals arrives (or has already arrived) and returns its number.
  public func wait() -> Int32 {
    semaphore.wait()
    semaphore.signal()
    return received.load(ordering: .relaxed)
  }

  /// Like `wait()`, giving up after `timeout`; nil when no signal came.
  public func wait(timeout: Duration) -> Int32? {
    guard semaphore.wait(timeout: DispatchTime.now().advanced(by: timeout)) == .success else {
      return nil
    }
    semaphore.signal()
    return received.load(ordering: .relaxed)
  }

  /// Records the first signal and wakes the waiters; later ones are ignored.
  private func deliver(_ signalNumber: Int32) {
    if received.compareExchange(expected: 0, desired: signalNumber, ordering: .relaxed).exchanged {
      semaphore.signal()
    }
  }

  /// Stops listening.
  public func cancel() {
    for source in sources.sources {
      source.cancel()
    }
  }
}
