import NPSCore
import Testing

@Suite struct TallyTests {
  @Test func fivePromotersThreePassivesTwoDetractorsGiveThirty() {
    let tally = Tally(promoters: 5, passives: 3, detractors: 2)
    #expect(tally.n == 10)
    #expect(tally.nps == 30)
    #expect(tally.share(of: .passive) == 0.3)
  }

  @Test func scoresFromTheIssueGiveOneThird() throws {
    let scores = try [10, 9, 10, 8, 7, 5, 6, 9, 10].map { try Score($0) }
    let tally = Tally(scores)
    #expect(tally == Tally(promoters: 5, passives: 2, detractors: 2))
    #expect(abs(tally.nps! - 100.0 / 3) < 1e-12)
  }

  @Test func emptyTallyHasNoNPS() {
    let tally = Tally()
    #expect(tally.nps == nil)
    #expect(tally.share(of: .promoter) == nil)
    #expect(tally.interval() == nil)
  }

  @Test func tallyArithmetic() {
    let a = Tally(promoters: 1, passives: 2, detractors: 3)
    let b = Tally(promoters: 4, passives: 5, detractors: 6)
    #expect(a + b == Tally(promoters: 5, passives: 7, detractors: 9))
    #expect((a + b) - b == a)
  }
}
