import Foundation
import Testing

@testable import SurveyService

@Suite struct ConfigurationTests {
  /// `nps serve --listen` is applied before the settings derived from it: the links of the
  /// emails and the setup link use the port given (they used the default port 8080).
  @Test func aListenAddressGivenOnTheCommandLineMakesTheBaseURL() throws {
    let derived = try ServiceConfiguration.load(
      environment: ["NPS_LISTEN": "127.0.0.1:9000"], listen: "127.0.0.1:18087")
    #expect(derived.listen == "127.0.0.1:18087")
    #expect(derived.baseURL == "http://127.0.0.1:18087")
    #expect(derived.mailFrom == "surveys@127.0.0.1")
    let fromEnvironment = try ServiceConfiguration.load(environment: [
      "NPS_LISTEN": "127.0.0.1:9000"
    ])
    #expect(fromEnvironment.baseURL == "http://127.0.0.1:9000")
    // An explicit base URL (a proxy in front) stays as given.
    let proxied = try ServiceConfiguration.load(
      environment: ["NPS_BASE_URL": "https://nps.example.com"], listen: "127.0.0.1:18087")
    #expect(proxied.baseURL == "https://nps.example.com")
    #expect(proxied.listen == "127.0.0.1:18087")
    let bad = #expect(throws: ConfigurationError.self) {
      _ = try ServiceConfiguration.load(environment: [:], listen: "not an address")
    }
    #expect(
      bad?.description == "NPS_LISTEN (or --listen) must be HOST:PORT, got \"not an address\"")
  }

  /// Listening on every address or on any port gives no address for the links: the base URL
  /// must then be set (an email with `http://:8080/...` links was sent before, or failed).
  @Test func listeningEverywhereNeedsABaseURL() throws {
    for listen in [":18487", "0.0.0.0:8080", "[::]:8080", "127.0.0.1:0"] {
      let error = #expect(throws: ConfigurationError.self, "\(listen)") {
        _ = try ServiceConfiguration.load(environment: [:], listen: listen)
      }
      #expect(error?.description.hasPrefix("NPS_BASE_URL must be set when NPS_LISTEN") == true)
      let given = try ServiceConfiguration.load(
        environment: ["NPS_BASE_URL": "https://nps.example.com"], listen: listen)
      #expect(given.baseURL == "https://nps.example.com")
    }
  }

  /// `localhost` binds the loopback address (the server takes numeric addresses only), and
  /// the links keep the name given.
  @Test func localhostListensOnLoopback() throws {
    let address = try ListenAddress(parsing: "localhost:18485")
    #expect(address.host == "127.0.0.1")
    #expect(address.port == 18485)
    let configuration = try ServiceConfiguration.load(environment: [:], listen: "localhost:18485")
    #expect(configuration.baseURL == "http://localhost:18485")
  }

  /// A tuning variable its reader cannot use is a configuration error naming it, not a silent
  /// fall-back to the default; good and empty values pass.
  @Test func unusableTuningValuesAreRefused() throws {
    let bad: [(String, String, String)] = [
      ("NPS_API_RATE", "abc", "NPS_API_RATE must be a number above 0, got \"abc\""),
      ("NPS_API_RATE", "0", "NPS_API_RATE must be a number above 0, got \"0\""),
      ("NPS_API_BURST", "-1", "NPS_API_BURST must be a number of 1 or more, got \"-1\""),
      ("NPS_WORKER_BATCH", "1.5", "NPS_WORKER_BATCH must be a whole number above 0, got \"1.5\""),
      ("NPS_WORKER_RENDER_AHEAD", "yes", "NPS_WORKER_RENDER_AHEAD must be 0 or 1, got \"yes\""),
      (
        "NPS_SURVEY_RATE_LIMIT", "120/x",
        "NPS_SURVEY_RATE_LIMIT must be REQUESTS or REQUESTS/SECONDS, e.g. 120/60, got \"120/x\""
      ),
      (
        "NPS_SURVEY_QUIET_SECONDS", "0.5",
        "NPS_SURVEY_QUIET_SECONDS must be a number of seconds from 1 to 600, got \"0.5\""
      ),
    ]
    for (name, value, message) in bad {
      let error = #expect(throws: ConfigurationError.self, "\(name)") {
        _ = try ServiceConfiguration.load(environment: [name: value])
      }
      #expect(error?.description == message)
    }
    let good = [
      "NPS_API_RATE": "1000000000", "NPS_API_BURST": "1", "NPS_WORKER_BATCH": "500",
      "NPS_WORKER_RENDER_AHEAD": "0", "NPS_SURVEY_RATE_LIMIT": "0",
      "NPS_ALERT_EMAIL_DELAY_SECONDS": "0", "NPS_SURVEY_QUIET_SECONDS": "5",
      "NPS_WEBHOOK_RETRY_SECONDS": "0.2", "NPS_WORKER_POLL_MS": "", "NPS_API_BURST_X": "junk",
    ]
    _ = try ServiceConfiguration.load(environment: good)
    _ = try ServiceConfiguration.load(environment: ["NPS_SURVEY_RATE_LIMIT": "120/60"])
  }
}
