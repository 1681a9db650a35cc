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
}
