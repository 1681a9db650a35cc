import Foundation
import Testing

@testable import SurveyService

/// The `--config FILE` JSON takes every setting the environment does, in snake case, through
/// the same checks; the environment wins; a key that is no setting is refused.
@Suite struct ConfigurationFileTests {
  /// Writes `json` to a temporary file and loads it with `environment`.
  func load(_ json: String, environment: [String: String] = [:]) throws -> ServiceConfiguration {
    let path = NSTemporaryDirectory() + "nps-config-\(UUID().uuidString).json"
    try Data(json.utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try ServiceConfiguration.load(environment: environment, configFile: path)
  }

  /// The variables in README's configuration table (the rows of `| `NPS_...` | ... |`).
  static func readmeVariables() throws -> [String] {
    let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")
    let text = try String(contentsOf: readme, encoding: .utf8)
    let section = try #require(text.components(separatedBy: "## Configuration").dropFirst().first)
      .components(separatedBy: "\n## ")[0]
    var names: [String] = []
    for line in section.split(separator: "\n") where line.hasPrefix("| `NPS_") {
      let first = line.split(separator: "|")[0]
      names += first.split(separator: ",").map {
        $0.trimmingCharacters(in: CharacterSet(charactersIn: " `"))
      }
    }
    return names
  }

  @Test func everySettingOfTheReadmeTableIsAKeyOfTheFile() throws {
    let names = try Self.readmeVariables()
    #expect(names.count == 23)
    #expect(Set(names) == Set(ServiceConfiguration.settingNames))
  }

  @Test func tuningSettingsFromTheFileReachTheirReaders() throws {
    let configuration = try load(
      """
      {"api_rate": 10, "api_burst": "20", "worker_batch": 7, "worker_poll_ms": 250,
       "worker_lease_seconds": 30, "worker_retry_seconds": 5, "worker_render_ahead": "0",
       "webhook_timeout_seconds": 3, "webhook_max_attempts": 4, "webhook_retry_seconds": 2,
       "alert_email_delay_seconds": 0, "survey_quiet_seconds": 10,
       "survey_rate_limit": "30/10", "http_threads": 12, "time_zone": "Europe/Berlin"}
      """)
    let api = APIRoutes.Options(tuning: configuration.tuning)
    #expect(api.rate == 10 && api.burst == 20)
    let worker = SendWorker.Options(tuning: configuration.tuning)
    #expect(worker.batchSize == 7 && worker.pollInterval == .milliseconds(250))
    #expect(worker.leaseSeconds == 30 && worker.retryDelay == 5 && worker.renderAhead == false)
    let alerts = AlertDispatcher.Options(tuning: configuration.tuning)
    #expect(alerts.maxAttempts == 4 && alerts.retryDelay == 2 && alerts.emailDelay == 0)
    #expect(alerts.http.totalTimeout == .milliseconds(3000))
    #expect(alerts.http.connectTimeout == .milliseconds(3000))
    let pages = SurveyPageSettings(tuning: configuration.tuning)
    #expect(pages.quietWindow == 10 && pages.rateLimit == 30 && pages.rateWindow == 10)
    #expect(configuration.httpThreads == 12 && configuration.timeZone == "Europe/Berlin")
  }

  @Test func theEnvironmentWinsOverTheFile() throws {
    let configuration = try load(
      #"{"api_rate": 10, "survey_rate_limit": "0", "worker_batch": 7}"#,
      environment: ["NPS_API_RATE": "2.5", "NPS_SURVEY_RATE_LIMIT": "5", "NPS_WORKER_BATCH": ""])
    #expect(configuration.tuning.apiRate == 2.5)
    #expect(configuration.tuning.surveyRateLimit == .init(requests: 5))
    // An empty variable is unset: the file's value stays.
    #expect(configuration.tuning.workerBatch == 7)
    // A bad value in the file that the environment replaces is not used, so not refused.
    let replaced = try load(#"{"api_burst": "0"}"#, environment: ["NPS_API_BURST": "3"])
    #expect(replaced.tuning.apiBurst == 3)
  }

  @Test func nothingSetKeepsEveryDefault() throws {
    let configuration = try load("{}")
    #expect(configuration.tuning == TuningSettings())
    #expect(SurveyPageSettings(tuning: configuration.tuning) == SurveyPageSettings())
    #expect(SendWorker.Options(tuning: configuration.tuning) == SendWorker.Options())
    #expect(AlertDispatcher.Options(tuning: configuration.tuning) == AlertDispatcher.Options())
  }

  /// A value in the file goes through the check the variable does; the message names the key
  /// and the file.
  @Test func unusableFileValuesAreRefusedNamingTheKey() throws {
    let cases: [(String, String)] = [
      (#"{"api_rate": 0}"#, #"api_rate in FILE must be a number above 0, got "0""#),
      (
        #"{"survey_quiet_seconds": 0.5}"#,
        #"survey_quiet_seconds in FILE must be a number of seconds from 1 to 600, got "0.5""#
      ),
      (
        #"{"worker_render_ahead": "yes"}"#,
        #"worker_render_ahead in FILE must be 0 or 1, got "yes""#
      ),
      (
        #"{"survey_rate_limit": "120/x"}"#,
        #"survey_rate_limit in FILE must be REQUESTS or REQUESTS/SECONDS, e.g. 120/60, got "120/x""#
      ),
      (#"{"http_threads": 0}"#, #"http_threads in FILE must be a number from 1 to 256, got "0""#),
    ]
    for (json, message) in cases {
      let path = NSTemporaryDirectory() + "nps-config-\(UUID().uuidString).json"
      try Data(json.utf8).write(to: URL(fileURLWithPath: path))
      defer { try? FileManager.default.removeItem(atPath: path) }
      let error = #expect(throws: ConfigurationError.self, "\(json)") {
        _ = try ServiceConfiguration.load(environment: [:], configFile: path)
      }
      #expect(error?.description == message.replacingOccurrences(of: "FILE", with: path))
    }
  }

  @Test func aKeyThatIsNoSettingIsRefused() throws {
    for key in ["api_rates", "NPS_API_RATE", "test_postgres_url"] {
      let error = #expect(throws: ConfigurationError.self, "\(key)") {
        _ = try load(#"{"\#(key)": "1"}"#)
      }
      #expect(error?.description.contains("unknown key \"\(key)\"") == true)
      #expect(error?.description.contains("survey_quiet_seconds") == true)
    }
  }
}
