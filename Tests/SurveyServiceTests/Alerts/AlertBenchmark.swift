import Foundation
import NPSCore
import Storage
import StoreTesting
import Testing

@testable import SurveyService

/// Opt-in measurement (`NPS_ALERT_BENCH=<answers>`): the cost a webhook adds to saving an
/// answer, and webhook deliveries per second to a loopback receiver (the project's HTTP
/// server). Prints its numbers; asserts only that everything was delivered.
@Suite struct AlertBenchmark {
  @Test func savingAndDelivering() throws {
    guard let text = ProcessInfo.processInfo.environment["NPS_ALERT_BENCH"], let count = Int(text)
    else { return }
    let receiver = try WebhookReceiver()
    defer { receiver.stop() }
    try AlertFixture.with(.sqlite) { app in
      func save(_ label: String) throws -> Double {
        let survey = try app.pages.defaultSurvey
        let start = ContinuousClock.now
        for index in 0..<count {
          let contact = try app.store.upsertContact(
            ContactInput(email: "\(label)\(index)@example.com"), now: app.clock.now())
          let invitation = try app.store.createInvitation(
            NewInvitation(
              surveyID: survey.id, contactID: contact.id, tokenHash: Array("\(label)\(index)".utf8),
              sendAfter: app.clock.now()), now: app.clock.now())
          _ = try app.store.saveSurveyAnswer(
            SurveyAnswer(
              surveyID: survey.id, invitationID: invitation.id, contactID: contact.id,
              score: Score(exactly: index % 11)!, comment: .some("c"), at: app.clock.now(),
              via: "form"))
        }
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
      }
      let without = try save("a")
      _ = try Webhooks.add(
        store: app.store, url: receiver.url, events: AlertEventKind.allCases, surveySlug: nil,
        now: app.clock.now())
      let with = try save("b")
      let start = ContinuousClock.now
      var delivered = 0
      while true {
        let pass = try app.dispatcher.runOnce(now: app.clock.now())
        delivered += pass.delivered
        if pass.leased == 0 { break }
      }
      let elapsed = ContinuousClock.now - start
      let seconds =
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
      #expect(receiver.requests.count == delivered)
      print(
        "alert bench: \(count) answers, invitation+answer \(String(format: "%.0f", without / Double(count) * 1e6)) µs without a webhook, "
          + "\(String(format: "%.0f", with / Double(count) * 1e6)) µs with one; "
          + "\(delivered) deliveries in \(String(format: "%.2f", seconds)) s = "
          + "\(String(format: "%.0f", Double(delivered) / seconds))/s")
    }
  }
}
