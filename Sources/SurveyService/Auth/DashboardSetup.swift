import Foundation
import Storage

/// The first start: with no user in the store, a one-time link to create the first admin.
public enum DashboardSetup {
  /// How long the setup link works.
  public static let linkLifetime: TimeInterval = 24 * 3600

  /// When the store has no user, creates a one-time setup token, logs the link (valid 24
  /// hours, once) and returns it; nil when users exist. Call it once when the service starts.
  @discardableResult
  public static func announce(context: ServiceContext) throws -> String? {
    guard try context.store.userCount() == 0 else { return nil }
    let token = SecretToken.generate()
    let now = context.clock.now()
    try context.store.createSetupToken(
      hash: token.hashBytes, now: now, expiresAt: now.addingTimeInterval(linkLifetime))
    let link = context.url("/setup/" + token.text)
    context.logger.info(
      "no dashboard user yet: open \(link) within 24 hours to create the first admin "
        + "(or run `nps user add EMAIL --role admin`)")
    return link
  }
}
