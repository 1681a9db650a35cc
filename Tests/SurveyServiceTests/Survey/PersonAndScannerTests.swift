import Foundation
import HTTPServer
import NPSCore
import Storage
import StoreTesting
import Testing

@testable import SurveyService

/// A person's single click counts; a scanner's sweep of every link leaves nothing.
@Suite struct PersonAndScannerTests {
  @Test(arguments: StoreKind.allCases)
  func aPersonsSingleClickIsRecordedAfterTheQuietWindowWithNoFurtherAction(kind: StoreKind)
    throws
  {
    try withSurveyPages(kind) { app in
      let (token, invitation, contact) = try app.invite(properties: ["plan": "pro"])
      let page = try app.get("/s/\(token.text)/9")
      #expect(page.status == .ok)
      #expect(page.text.contains("value=\"9\" checked"))
      #expect(page.text.contains("data-autosend=\"1\""))
      // The page's script sends the pick one second later.
      app.clock.advance(by: 1)
      let pick = try app.post(
        "/s/\(token.text)/pick",
        form: [("score", "9"), ("sig", try SurveyPageFixture.signature(in: page))])
      #expect(pick.status == .noContent)
      #expect(try app.store.response(invitationID: invitation.id) == nil)

      let confirmer = PickConfirmer(context: app.context, settings: SurveyPageSettings())
      // 19 s after the pick: still inside the quiet window.
      app.clock.advance(by: 19)
      #expect(try confirmer.run(now: app.clock.now()).waiting == 0)
      #expect(try app.store.response(invitationID: invitation.id) == nil)
      // 20 s after the pick: confirmed by the worker's call, nobody clicked again.
      app.clock.advance(by: 1)
      let report = try confirmer.run(now: app.clock.now())
      #expect(report.confirmed == 1)
      let response = try #require(try app.store.response(invitationID: invitation.id))
      #expect(response.score.value == 9)
      #expect(response.source == .email)
      #expect(response.contactID == contact.id)
      #expect(response.properties == ["plan": "pro"])
      #expect(response.respondedAt == SurveyPageFixture.start.addingTimeInterval(1))
      #expect(try app.auditActions() == ["response.created"])
      // A second run does nothing more.
      #expect(try confirmer.run(now: app.clock.now()) == PickConfirmer.Report())
    }
  }

  @Test func aPickIsConfirmedLazilyWhenTheInvitationIsTouchedAgain() throws {
    try withSurveyPages { app in
      let (token, invitation, _) = try app.invite()
      let page = try app.get("/s/\(token.text)/3")
      let signature = try SurveyPageFixture.signature(in: page)
      _ = try app.post("/s/\(token.text)/pick", form: [("score", "3"), ("sig", signature)])
      app.clock.advance(by: 25)
      // The page's script settles after the window; no worker ran.
      let settle = try app.post("/s/\(token.text)/settle", form: [("sig", signature)])
      #expect(settle.status == .ok)
      #expect(settle.text == "{\"recorded\":true}")
      #expect(try app.store.response(invitationID: invitation.id)?.score.value == 3)
    }
  }

  /// A pick that arrives after the person sent the form (a second tab, a late script, a forged
  /// request with the page's signature) never changes what they sent: it is superseded, by
  /// the worker's run and by the page's settle alike.
  @Test(arguments: StoreKind.allCases)
  func aPickAfterTheFormNeverChangesTheAnswer(kind: StoreKind) throws {
    try withSurveyPages(kind) { app in
      let (token, invitation, _) = try app.invite()
      let signature = try SurveyPageFixture.signature(in: try app.get("/s/\(token.text)/3"))
      let sent = try app.post(
        "/s/\(token.text)",
        form: [("sig", signature), ("score", "3"), ("comment", "Too slow")])
      #expect(sent.status == .seeOther)
      app.clock.advance(by: 60)
      for _ in 0..<2 {
        let pick = try app.post(
          "/s/\(token.text)/pick", form: [("score", "10"), ("sig", signature)])
        #expect(pick.status == .noContent)
      }
      app.clock.advance(by: 25)
      let confirmer = PickConfirmer(context: app.context, settings: SurveyPageSettings())
      let report = try confirmer.settle(invitationID: invitation.id, now: app.clock.now())
      #expect(report.superseded == 2)
      #expect(report.confirmed == 0)
      let settle = try app.post("/s/\(token.text)/settle", form: [("sig", signature)])
      #expect(settle.text == "{\"recorded\":true}")
      let response = try #require(try app.store.response(invitationID: invitation.id))
      #expect(response.score.value == 3)
      #expect(response.comment == "Too slow")
      #expect(try app.auditActions() == ["response.created"])
    }
  }

  /// Two scores of one email opened within the quiet window look like a scanner: the pick is
  /// discarded, and the settle answer tells the page so (it then asks the person to press
  /// Send, the text it carries in `data-unsaved`).
  @Test func theSettleAnswerSaysWhenThePickWasDiscarded() throws {
    try withSurveyPages { app in
      let (token, invitation, _) = try app.invite()
      let page = try app.get("/s/\(token.text)/7")
      #expect(page.text.contains("data-unsaved=\"Press Send to save your score.\""))
      let signature = try SurveyPageFixture.signature(in: page)
      _ = try app.post("/s/\(token.text)/pick", form: [("score", "7"), ("sig", signature)])
      app.clock.advance(by: 5)
      _ = try app.get("/s/\(token.text)/8")
      app.clock.advance(by: 25)
      let settle = try app.post("/s/\(token.text)/settle", form: [("sig", signature)])
      #expect(settle.status == .ok)
      #expect(settle.text == "{\"recorded\":false}")
      #expect(try app.store.response(invitationID: invitation.id) == nil)
    }
  }

  @Test func openingTheThanksPageAlsoSettlesADuePick() throws {
    try withSurveyPages { app in
      let (token, invitation, _) = try app.invite()
      let page = try app.get("/s/\(token.text)/10")
      _ = try app.post(
        "/s/\(token.text)/pick",
        form: [("score", "10"), ("sig", try SurveyPageFixture.signature(in: page))])
      app.clock.advance(by: 30)
      #expect(try app.get("/s/\(token.text)/thanks").status == .ok)
      #expect(try app.store.response(invitationID: invitation.id)?.score.value == 10)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func aScannerFetchingEveryLinkWithoutScriptsLeavesNoResponseAndNoUnsubscribe(kind: StoreKind)
    throws
  {
    try withSurveyPages(kind) { app in
      let (token, invitation, contact) = try app.invite()
      for score in 0...10 {
        #expect(try app.get("/s/\(token.text)/\(score)", client: "192.0.2.50").status == .ok)
        app.clock.advance(by: 0.2)
      }
      #expect(try app.get("/u/\(token.text)", client: "192.0.2.50").status == .ok)
      #expect(try app.send(.head, "/u/\(token.text)", client: "192.0.2.50").status == .ok)
      app.clock.advance(by: 3600)
      try PickConfirmer(context: app.context, settings: SurveyPageSettings())
        .run(now: app.clock.now())
      #expect(try app.store.response(invitationID: invitation.id) == nil)
      #expect(try app.store.contact(id: contact.id)?.unsubscribedAt == nil)
      #expect(try app.auditActions() == [])
      #expect(try app.touches(invitation).count == 11)
      #expect(try app.touches(invitation).allSatisfy { $0.kind == .view })
    }
  }

  @Test(arguments: StoreKind.allCases)
  func aScannerRunningThePageScriptsLeavesNoResponse(kind: StoreKind) throws {
    try withSurveyPages(kind) { app in
      let (token, invitation, contact) = try app.invite()
      // Like a headless browser: each page is loaded and its script posts the pick.
      for score in 0...10 {
        let page = try app.get("/s/\(token.text)/\(score)", client: "192.0.2.51")
        app.clock.advance(by: 0.1)
        let pick = try app.post(
          "/s/\(token.text)/pick",
          form: [("score", String(score)), ("sig", try SurveyPageFixture.signature(in: page))],
          client: "192.0.2.51")
        #expect(pick.status == .noContent)
        app.clock.advance(by: 0.3)
      }
      _ = try app.get("/u/\(token.text)", client: "192.0.2.51")
      let confirmer = PickConfirmer(context: app.context, settings: SurveyPageSettings())
      app.clock.advance(by: 60)
      let report = try confirmer.run(now: app.clock.now())
      #expect(report.discarded == 11)
      #expect(report.confirmed == 0)
      #expect(try app.store.response(invitationID: invitation.id) == nil)
      #expect(try app.store.contact(id: contact.id)?.unsubscribedAt == nil)
      #expect(try app.auditActions() == [])
      #expect(
        try app.touches(invitation).filter { $0.kind == .pick }.allSatisfy {
          $0.state == .discarded
        })
    }
  }

  @Test func aPersonClickingLongAfterAScannerSweepStillCounts() throws {
    try withSurveyPages { app in
      let (token, invitation, _) = try app.invite()
      for score in 0...10 { _ = try app.get("/s/\(token.text)/\(score)", client: "192.0.2.52") }
      app.clock.advance(by: 600)
      let page = try app.get("/s/\(token.text)/8")
      _ = try app.post(
        "/s/\(token.text)/pick",
        form: [("score", "8"), ("sig", try SurveyPageFixture.signature(in: page))])
      app.clock.advance(by: 21)
      try PickConfirmer(context: app.context, settings: SurveyPageSettings())
        .run(now: app.clock.now())
      #expect(try app.store.response(invitationID: invitation.id)?.score.value == 8)
    }
  }

  @Test func theFormSupersedesAnEarlierPendingPick() throws {
    try withSurveyPages { app in
      let (token, invitation, _) = try app.invite()
      let page = try app.get("/s/\(token.text)/9")
      let signature = try SurveyPageFixture.signature(in: page)
      _ = try app.post("/s/\(token.text)/pick", form: [("score", "9"), ("sig", signature)])
      app.clock.advance(by: 5)
      // The person changes the radio to 6 and sends with a comment.
      let sent = try app.post(
        "/s/\(token.text)",
        form: [("sig", signature), ("score", "6"), ("comment", "Slow delivery")])
      #expect(sent.status == .seeOther)
      #expect(sent.headers["Location"] == "/s/\(token.text)/thanks")
      app.clock.advance(by: 60)
      try PickConfirmer(context: app.context, settings: SurveyPageSettings())
        .run(now: app.clock.now())
      let response = try #require(try app.store.response(invitationID: invitation.id))
      #expect(response.score.value == 6)
      #expect(response.comment == "Slow delivery")
      #expect(try app.touches(invitation).first { $0.kind == .pick }?.state == .superseded)
      #expect(try app.auditActions() == ["response.created"])
    }
  }

  @Test func reopeningALinkAfterAnsweringDoesNotSendThePickAgain() throws {
    try withSurveyPages { app in
      let (token, invitation, _) = try app.invite()
      let page = try app.get("/s/\(token.text)/9")
      _ = try app.post(
        "/s/\(token.text)",
        form: [("sig", try SurveyPageFixture.signature(in: page)), ("score", "7")])
      let again = try app.get("/s/\(token.text)/9")
      #expect(again.text.contains("data-autosend=\"0\""))
      #expect(again.text.contains("value=\"9\" checked"))
      #expect(try app.store.response(invitationID: invitation.id)?.score.value == 7)
    }
  }
}
