import Foundation

extension TimeZone {
  /// The zone's name as people write it, for pages and JSON: Foundation on Linux gives
  /// `TimeZone(identifier: "UTC")` the identifier `GMT`; every other zone keeps its IANA name.
  public var displayName: String { identifier == "GMT" ? "UTC" : identifier }
}
