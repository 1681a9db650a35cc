import Foundation
import NPSCore
import Testing

@Suite struct ScoreTests {
  @Test(arguments: 0...10) func validScoresAreAccepted(value: Int) throws {
    #expect(try Score(value).value == value)
  }

  @Test(arguments: [-1, 11, 100, Int.min]) func outOfRangeIsRejected(value: Int) {
    #expect(throws: ScoreError.outOfRange(value)) { try Score(value) }
    #expect(Score(exactly: value) == nil)
  }

  @Test func categoriesFollowTheBoundaries() {
    let expected: [Category] =
      Array(repeating: .detractor, count: 7) + [.passive, .passive, .promoter, .promoter]
    #expect((0...10).map { Score(exactly: $0)!.category } == expected)
  }

  @Test func decodingRejectsOutOfRangeJSON() throws {
    let decoder = JSONDecoder()
    #expect(try decoder.decode([Score].self, from: Data("[0,10]".utf8)).map(\.value) == [0, 10])
    #expect(throws: DecodingError.self) {
      try decoder.decode([Score].self, from: Data("[11]".utf8))
    }
  }
}
