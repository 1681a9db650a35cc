import Foundation

/// The tuning settings the service's parts use (`NPS_API_RATE`, `NPS_WORKER_BATCH`, ...), each
/// nil when not set (the part keeps its default). Read once, with the rest of the configuration,
/// from the environment or the `--config` file (``ServiceConfiguration/load(environment:configFile:listen:)``),
/// so both feed every reader the same way, and a value a part cannot use (`NPS_API_RATE=abc`)
/// stops the command instead of silently running with the default.
public struct TuningSettings: Sendable, Equatable {
  /// `NPS_API_RATE`: API requests a second per key, on average.
  public var apiRate: Double?
  /// `NPS_API_BURST`: API requests a key may send at once.
  public var apiBurst: Double?
  /// `NPS_WORKER_LEASE_SECONDS`: how long a dead worker holds its invitations.
  public var workerLeaseSeconds: Double?
  /// `NPS_WORKER_RETRY_SECONDS`: the first retry delay of an invitation.
  public var workerRetrySeconds: Double?
  /// `NPS_WORKER_BATCH`: invitations leased per pass.
  public var workerBatch: Int?
  /// `NPS_WORKER_POLL_MS`: the wait between idle passes.
  public var workerPollMilliseconds: Int?
  /// `NPS_WORKER_RENDER_AHEAD`: render emails ahead on other threads (`1`) or not (`0`).
  public var workerRenderAhead: Bool?
  /// `NPS_WEBHOOK_TIMEOUT_SECONDS`: the time limit of one webhook delivery.
  public var webhookTimeoutSeconds: Double?
  /// `NPS_WEBHOOK_MAX_ATTEMPTS`: attempts before a webhook or alert email fails.
  public var webhookMaxAttempts: Int?
  /// `NPS_WEBHOOK_RETRY_SECONDS`: the first retry delay of a webhook or alert email.
  public var webhookRetrySeconds: Double?
  /// `NPS_ALERT_EMAIL_DELAY_SECONDS`: how long a detractor email waits for a comment.
  public var alertEmailDelaySeconds: Double?
  /// `NPS_SURVEY_QUIET_SECONDS`: how long a one-click score waits before it counts.
  public var surveyQuietSeconds: Double?
  /// `NPS_SURVEY_RATE_LIMIT`: survey-page requests per client address and window.
  public var surveyRateLimit: SurveyRateLimit?

  /// `REQUESTS` or `REQUESTS/SECONDS` (`120/60`); 0 requests turns the limit off.
  public struct SurveyRateLimit: Sendable, Equatable {
    public var requests: Int
    /// The window in seconds; nil keeps the default window.
    public var windowSeconds: Double?

    public init(requests: Int, windowSeconds: Double? = nil) {
      self.requests = requests
      self.windowSeconds = windowSeconds
    }

    init?(parsing text: String) {
      let parts = text.split(separator: "/", omittingEmptySubsequences: false)
      guard let requests = Int(parts[0]), requests >= 0 else { return nil }
      if parts.count == 1 {
        self.init(requests: requests)
      } else if parts.count == 2, let seconds = Double(parts[1]), seconds > 0 {
        self.init(requests: requests, windowSeconds: seconds)
      } else {
        return nil
      }
    }
  }

  /// Nothing set: every part keeps its default.
  public init() {}

  /// One setting: its environment variable, what it accepts, and how a value is stored. The
  /// config file key is the variable in snake case (``fileKey``).
  struct Rule {
    let name: String
    let expected: String
    /// Stores the value and returns true, or returns false for a value the part cannot use.
    let apply: (inout TuningSettings, String) -> Bool

    /// `NPS_API_RATE` is `api_rate` in the config file.
    var fileKey: String { String(name.dropFirst("NPS_".count)).lowercased() }
  }

  static func number(
    _ name: String, _ expected: String, _ path: WritableKeyPath<TuningSettings, Double?>,
    _ test: @escaping (Double) -> Bool
  ) -> Rule {
    Rule(name: name, expected: expected) { settings, text in
      guard let value = Double(text), value.isFinite, test(value) else { return false }
      settings[keyPath: path] = value
      return true
    }
  }

  static func whole(
    _ name: String, _ expected: String, _ path: WritableKeyPath<TuningSettings, Int?>,
    _ test: @escaping (Int) -> Bool
  ) -> Rule {
    Rule(name: name, expected: expected) { settings, text in
      guard let value = Int(text), test(value) else { return false }
      settings[keyPath: path] = value
      return true
    }
  }

  static var rules: [Rule] {
    [
      number("NPS_API_RATE", "a number above 0", \.apiRate) { $0 > 0 },
      number("NPS_API_BURST", "a number of 1 or more", \.apiBurst) { $0 >= 1 },
      number("NPS_WORKER_LEASE_SECONDS", "a number of seconds above 0", \.workerLeaseSeconds) {
        $0 > 0
      },
      number("NPS_WORKER_RETRY_SECONDS", "a number of seconds above 0", \.workerRetrySeconds) {
        $0 > 0
      },
      whole("NPS_WORKER_BATCH", "a whole number above 0", \.workerBatch) { $0 > 0 },
      whole(
        "NPS_WORKER_POLL_MS", "a whole number of milliseconds above 0", \.workerPollMilliseconds
      ) { $0 > 0 },
      Rule(name: "NPS_WORKER_RENDER_AHEAD", expected: "0 or 1") { settings, text in
        guard text == "0" || text == "1" else { return false }
        settings.workerRenderAhead = text == "1"
        return true
      },
      number(
        "NPS_WEBHOOK_TIMEOUT_SECONDS", "a number of seconds above 0", \.webhookTimeoutSeconds
      ) { $0 > 0 },
      whole("NPS_WEBHOOK_MAX_ATTEMPTS", "a whole number above 0", \.webhookMaxAttempts) {
        $0 > 0
      },
      number("NPS_WEBHOOK_RETRY_SECONDS", "a number of seconds above 0", \.webhookRetrySeconds) {
        $0 > 0
      },
      number(
        "NPS_ALERT_EMAIL_DELAY_SECONDS", "a number of seconds, 0 or more",
        \.alertEmailDelaySeconds
      ) { $0 >= 0 },
      number(
        "NPS_SURVEY_QUIET_SECONDS", "a number of seconds from 1 to 600", \.surveyQuietSeconds
      ) { (1...600).contains($0) },
      Rule(
        name: "NPS_SURVEY_RATE_LIMIT", expected: "REQUESTS or REQUESTS/SECONDS, e.g. 120/60"
      ) { settings, text in
        guard let limit = SurveyRateLimit(parsing: text) else { return false }
        settings.surveyRateLimit = limit
        return true
      },
    ]
  }

  /// Reads the settings from `values` (keyed by environment variable; an empty value counts
  /// as unset). Throws for the first value its part cannot use; `label` names the setting in
  /// the message (the variable, or the config file key when the value came from the file).
  init(
    values: [String: String], label: (_ name: String, _ fileKey: String) -> String = { n, _ in n }
  ) throws(ConfigurationError) {
    self.init()
    for rule in Self.rules {
      guard let value = values[rule.name], !value.isEmpty else { continue }
      guard rule.apply(&self, value) else {
        throw ConfigurationError(
          "\(label(rule.name, rule.fileKey)) must be \(rule.expected), got \"\(value)\"")
      }
    }
  }
}
