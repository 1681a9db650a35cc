import Foundation
import HTTPServer
import Storage
import Testing

@testable import SurveyService

/// The CPU cost of the two busiest survey routes in process, one thread, no sockets: what a
/// request costs the service itself, apart from HTTP and from other requests. Runs only when
/// `NPS_SURVEY_BENCH` gives a request count, e.g.
/// `NPS_SURVEY_BENCH=5000 swift test -c release --filter SurveyPageBenchmark` (SQLite).
@Suite(.serialized) struct SurveyPageBenchmark {
  static let count = Int(ProcessInfo.processInfo.environment["NPS_SURVEY_BENCH"] ?? "") ?? 0

  @Test(.enabled(if: count > 0)) func surveyPageAndForm() throws {
    var settings = SurveyPageSettings()
    settings.rateLimit = 0
    try withSurveyPages(settings: settings) { app in
      var tokens: [(token: String, signature: String)] = []
      for index in 0..<Self.count {
        let token = try app.invite(email: "bench\(index)@example.com").token
        tokens.append((token.text, app.context.secret.sign("survey-form\u{0}" + token.hash)))
      }
      let clock = ContinuousClock()
      let page = try clock.measure {
        for (index, entry) in tokens.enumerated() {
          let response = try app.get("/s/\(entry.token)/\(index % 11)")
          precondition(response.status == .ok)
        }
      }
      let form = try clock.measure {
        for (index, entry) in tokens.enumerated() {
          let response = try app.post(
            "/s/\(entry.token)",
            form: [("sig", entry.signature), ("score", "\(index % 11)"), ("comment", "bench")])
          precondition(response.status == .seeOther)
        }
      }
      func perRequest(_ duration: Duration) -> String {
        let microseconds =
          Double(duration.components.seconds) * 1e6
          + Double(duration.components.attoseconds) / 1e12
        return String(format: "%.0f µs", microseconds / Double(Self.count))
      }
      print(
        "survey page bench (\(Self.count) requests each): GET /s/TOKEN/SCORE \(perRequest(page)),"
          + " POST /s/TOKEN \(perRequest(form))")
    }
  }
}
