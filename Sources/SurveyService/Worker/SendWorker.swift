import Foundation

/// Sends due invitations and reminders. (To be completed: leases, retries, reminders.)
public final class SendWorker: Sendable {
  let context: ServiceContext

  public init(context: ServiceContext) {
    self.context = context
  }

  /// Starts the background loop.
  public func start() {}

  /// Stops the loop and waits for the current batch to finish.
  public func stop() {}
}
