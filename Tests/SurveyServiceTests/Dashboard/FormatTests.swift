import Testing

@testable import SurveyService

@Suite struct FormatTests {
  @Test func countsTakeTheirNounInTheRightNumber() {
    #expect(Format.count(1, "response", "responses") == "1 response")
    #expect(Format.count(0, "response", "responses") == "0 responses")
    #expect(
      Format.count(2000, "detractor response", "detractor responses") == "2,000 detractor responses"
    )
  }

  @Test func figuresUseTheCommandLinesRounding() {
    #expect(Format.nps(-6.25) == "-6.3")
    #expect(Format.nps(nil) == "\u{2014}")
    #expect(Format.signed(0.04) == "0.0")
    #expect(Format.signed(0.05) == "+0.1")
    #expect(Format.percent(0.12345) == "12.3%")
  }
}
