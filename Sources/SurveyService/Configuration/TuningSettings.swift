import Foundation

/// The tuning variables the service's parts read for themselves (`NPS_API_RATE`,
/// `NPS_WORKER_BATCH`, ...), checked once with the rest of the configuration: each part falls
/// back to its default for a value it cannot use, so without this check a typo (`NPS_API_RATE=abc`)
/// would silently run with the default. An empty value counts as unset, as everywhere else.
enum TuningSettings {
  /// A variable and what its reader accepts (the same test as the reader's).
  struct Rule: Sendable {
    let name: String
    let expected: String
    let accepts: @Sendable (String) -> Bool
  }

  static func number(
    _ name: String, _ expected: String, _ test: @escaping @Sendable (Double) -> Bool
  ) -> Rule {
    Rule(name: name, expected: expected) { Double($0).map(test) ?? false }
  }

  static func whole(
    _ name: String, _ expected: String, _ test: @escaping @Sendable (Int) -> Bool
  ) -> Rule {
    Rule(name: name, expected: expected) { Int($0).map(test) ?? false }
  }

  static let rules: [Rule] = [
    number("NPS_API_RATE", "a number above 0") { $0 > 0 },
    number("NPS_API_BURST", "a number of 1 or more") { $0 >= 1 },
    number("NPS_WORKER_LEASE_SECONDS", "a number of seconds above 0") { $0 > 0 },
    number("NPS_WORKER_RETRY_SECONDS", "a number of seconds above 0") { $0 > 0 },
    whole("NPS_WORKER_BATCH", "a whole number above 0") { $0 > 0 },
    whole("NPS_WORKER_POLL_MS", "a whole number of milliseconds above 0") { $0 > 0 },
    Rule(name: "NPS_WORKER_RENDER_AHEAD", expected: "0 or 1") { $0 == "0" || $0 == "1" },
    number("NPS_WEBHOOK_TIMEOUT_SECONDS", "a number of seconds above 0") { $0 > 0 },
    whole("NPS_WEBHOOK_MAX_ATTEMPTS", "a whole number above 0") { $0 > 0 },
    number("NPS_WEBHOOK_RETRY_SECONDS", "a number of seconds above 0") { $0 > 0 },
    number("NPS_ALERT_EMAIL_DELAY_SECONDS", "a number of seconds, 0 or more") { $0 >= 0 },
    number("NPS_SURVEY_QUIET_SECONDS", "a number of seconds from 1 to 600") {
      (1...600).contains($0)
    },
    Rule(name: "NPS_SURVEY_RATE_LIMIT", expected: "REQUESTS or REQUESTS/SECONDS, e.g. 120/60") {
      let parts = $0.split(separator: "/", omittingEmptySubsequences: false)
      guard let requests = Int(parts[0]), requests >= 0 else { return false }
      return parts.count == 1 || (parts.count == 2 && (Double(parts[1]).map { $0 > 0 } ?? false))
    },
  ]

  /// Throws for the first variable set to a value its reader cannot use.
  static func check(_ environment: [String: String]) throws(ConfigurationError) {
    for rule in rules {
      guard let value = environment[rule.name], !value.isEmpty, !rule.accepts(value) else {
        continue
      }
      throw ConfigurationError("\(rule.name) must be \(rule.expected), got \"\(value)\"")
    }
  }
}
