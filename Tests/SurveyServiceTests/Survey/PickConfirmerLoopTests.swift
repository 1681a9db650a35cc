import Foundation
import Storage
import Testing

@testable import SurveyService

@Suite struct PickConfirmerLoopTests {
  @Test func theLoopConfirmsADuePickWithoutAnyRequestAndStopsPromptly() throws {
    try withSurveyPages { app in
      let (_, invitation, _) = try app.invite()
      try app.store.recordSurveyTouch(
        invitationID: invitation.id, score: 9, kind: .pick, at: app.clock.now())
      app.clock.advance(by: 20)
      let loop = PickConfirmerLoop(
        confirmer: PickConfirmer(context: app.context, settings: SurveyPageSettings()),
        interval: 0.05)
      loop.start()
      // Bounded wait for the background thread (the time rule itself uses the manual clock).
      let deadline = Date().addingTimeInterval(5)
      while try app.store.response(invitationID: invitation.id) == nil, Date() < deadline {
        Thread.sleep(forTimeInterval: 0.01)
      }
      let stopping = Date()
      loop.stop()
      #expect(Date().timeIntervalSince(stopping) < 1)
      #expect(try app.store.response(invitationID: invitation.id)?.score.value == 9)
      loop.stop()  // a second stop does nothing
    }
  }
}
