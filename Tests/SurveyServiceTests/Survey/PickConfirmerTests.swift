import Dispatch
import Foundation
import NPSCore
import Storage
import StoreTesting
import Synchronization
import Testing

@testable import SurveyService

@Suite struct PickConfirmerTests {
  @Test(arguments: StoreKind.allCases)
  func twoConfirmersRunningAtOnceResolveEachPickOnce(kind: StoreKind) throws {
    try withSurveyPages(kind) { app in
      var invitations: [Invitation] = []
      for index in 0..<20 {
        let (_, invitation, _) = try app.invite(email: "p\(index)@example.com")
        try app.store.recordSurveyTouch(
          invitationID: invitation.id, score: index % 11, kind: .view, at: app.clock.now())
        try app.store.recordSurveyTouch(
          invitationID: invitation.id, score: index % 11, kind: .pick, at: app.clock.now())
        invitations.append(invitation)
      }
      app.clock.advance(by: 20)
      let confirmed = Mutex(0)
      let failures = Mutex<[String]>([])
      let now = app.clock.now()
      DispatchQueue.concurrentPerform(iterations: 2) { _ in
        do {
          let report = try PickConfirmer(context: app.context, settings: SurveyPageSettings())
            .run(now: now)
          confirmed.withLock { $0 += report.confirmed }
        } catch {
          failures.withLock { $0.append("\(error)") }
        }
      }
      #expect(failures.withLock { $0 } == [])
      #expect(confirmed.withLock { $0 } == 20)
      #expect(try app.responseCount() == 20)
      #expect(try app.auditActions() == Array(repeating: "response.created", count: 20))
      for (index, invitation) in invitations.enumerated() {
        #expect(try app.store.response(invitationID: invitation.id)?.score.value == index % 11)
      }
    }
  }

  @Test func oldTouchesAndRateWindowsArePrunedButPendingPicksAreKept() throws {
    try withSurveyPages { app in
      let (_, invitation, _) = try app.invite()
      try app.store.recordSurveyTouch(
        invitationID: invitation.id, score: 5, kind: .view, at: app.clock.now())
      _ = try app.store.countRateLimitHits(bucket: "survey:x", windowStart: app.clock.now())
      app.clock.advance(by: 8 * 86400)
      let late = app.clock.now()
      try app.store.recordSurveyTouch(invitationID: invitation.id, score: 5, kind: .pick, at: late)
      try PickConfirmer(context: app.context, settings: SurveyPageSettings()).run(now: late)
      let left = try app.touches(invitation)
      #expect(left.count == 1 && left.first?.kind == .pick && left.first?.state == .pending)
      let windows = try app.store.database.read { connection in
        try connection.query("SELECT count(*) AS n FROM rate_limits").first?.int("n")
      }
      #expect(windows == 0)
    }
  }

  @Test func theRuleIsJudgedOnTouchesOfTheSameInvitationOnly() throws {
    try withSurveyPages { app in
      let (_, first, _) = try app.invite(email: "a@example.com")
      let (_, second, _) = try app.invite(email: "b@example.com")
      // Another invitation's sweep at the same moment does not discard this pick.
      for score in 0...10 {
        try app.store.recordSurveyTouch(
          invitationID: second.id, score: score, kind: .view, at: app.clock.now())
      }
      try app.store.recordSurveyTouch(
        invitationID: first.id, score: 6, kind: .pick, at: app.clock.now())
      app.clock.advance(by: 20)
      try PickConfirmer(context: app.context, settings: SurveyPageSettings())
        .run(now: app.clock.now())
      #expect(try app.store.response(invitationID: first.id)?.score.value == 6)
      #expect(try app.store.response(invitationID: second.id) == nil)
    }
  }
}
