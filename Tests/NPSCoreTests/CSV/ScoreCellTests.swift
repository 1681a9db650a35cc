import Testing

@testable import NPSCore

@Suite("ScoreCell")
struct ScoreCellTests {
  @Test(arguments: [
    ("9", 9), (" 9 ", 9), ("0", 0), ("10", 10), ("09", 9), ("9.0", 9), ("10.00", 10), ("9,0", 9),
    ("10 - Extremely likely", 10), ("9 (Very likely)", 9), ("0 - Not at all likely", 0),
    ("7: Likely", 7), ("8 = good", 8), ("10 – Extremely likely", 10), ("\t5\t", 5),
  ])
  func accepted(text: String, value: Int) {
    #expect(ScoreCell(parsing: text) == .score(Score(exactly: value)!))
  }

  @Test(arguments: ["", "   ", "NA", "na", "N/A", "n/a"])
  func blank(text: String) {
    #expect(ScoreCell(parsing: text) == .blank)
  }

  @Test(arguments: [
    ("6.5", ScoreError.notInteger("6.5")), ("8,5", .notInteger("8,5")), ("-1", .outOfRange(-1)),
    ("11", .outOfRange(11)), ("100", .outOfRange(100)), ("abc", .notANumber("abc")),
    ("11 - Extremely likely", .outOfRange(11)), ("9-10", .notANumber("9-10")),
    ("1e1", .notANumber("1e1")), ("+9", .notANumber("+9")), ("9.", .notANumber("9.")),
    ("12345678901", .notANumber("12345678901")), ("N/A9", .notANumber("N/A9")),
  ])
  func rejected(text: String, error: ScoreError) {
    #expect(ScoreCell(parsing: text) == .rejected(error))
  }
}
