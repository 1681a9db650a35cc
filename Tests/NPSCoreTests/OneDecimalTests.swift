import Testing

@testable import NPSCore

@Suite struct OneDecimalTests {
  /// Halves round away from zero on both sides; nothing shows as -0.0.
  @Test func halvesRoundAwayFromZero() {
    #expect(OneDecimal.string(-6.25) == "-6.3")
    #expect(OneDecimal.string(6.25) == "6.3")
    #expect(OneDecimal.string(1.25) == "1.3")
    #expect(OneDecimal.string(-0.04) == "0.0")
    #expect(OneDecimal.string(-0.05) == "-0.1")
    #expect(OneDecimal.string(30) == "30.0")
    #expect(OneDecimal.string(-100) == "-100.0")
    #expect(OneDecimal.string(10.859482928754687) == "10.9")
  }
}
