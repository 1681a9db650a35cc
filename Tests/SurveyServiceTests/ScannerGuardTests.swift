import Foundation
import Testing

@testable import SurveyService

@Suite struct ScannerGuardTests {
  let guardRule = ScannerGuard(quietWindow: 20)
  let t0 = Date(timeIntervalSince1970: 1_800_000_000)

  func touch(_ score: Int, _ seconds: Double) -> ScannerGuard.Touch {
    .init(score: score, at: t0.addingTimeInterval(seconds))
  }

  @Test func aPersonsSingleClickIsConfirmedAfterTheQuietWindow() {
    let view = touch(9, 0)
    let pick = touch(9, 1)
    #expect(
      guardRule.judge(pick: pick, touches: [view, pick], now: t0.addingTimeInterval(5))
        == .wait(until: t0.addingTimeInterval(21)))
    #expect(
      guardRule.judge(pick: pick, touches: [view, pick], now: t0.addingTimeInterval(21))
        == .confirm)
  }

  @Test func aScannerOpeningAllElevenLinksLeavesNothing() {
    // Views of 0...10 within 3 seconds, with the page script posting each one.
    var touches: [ScannerGuard.Touch] = []
    for score in 0...10 {
      touches.append(touch(score, Double(score) * 0.3))
      touches.append(touch(score, Double(score) * 0.3 + 0.1))
    }
    for score in 0...10 {
      let pick = touch(score, Double(score) * 0.3 + 0.1)
      #expect(
        guardRule.judge(pick: pick, touches: touches, now: t0.addingTimeInterval(60)) == .discard)
    }
  }

  @Test func aScannerWithoutScriptsMakesNoPicksAtAll() {
    // Nothing to judge: views alone never create a response (see SurveyFlow tests); and a
    // later real click long after the sweep still counts.
    let sweep = (0...10).map { touch($0, Double($0) * 0.2) }
    let later = touch(7, 3600)
    #expect(
      guardRule.judge(pick: later, touches: sweep + [later], now: t0.addingTimeInterval(3700))
        == .confirm)
  }

  @Test func reopeningTheSameScoreIsStillOnePerson() {
    let touches = [touch(8, 0), touch(8, 1), touch(8, 5), touch(8, 6)]
    #expect(
      guardRule.judge(pick: touch(8, 6), touches: touches, now: t0.addingTimeInterval(40))
        == .confirm)
  }
}
