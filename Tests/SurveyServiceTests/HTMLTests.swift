import Testing

@testable import SurveyService

@Suite struct HTMLTests {
  @Test func interpolatedTextIsEscaped() {
    let comment = "<script>alert('x')</script> & \"quotes\""
    let html: HTML = "<p title=\"\(comment)\">\(comment)</p>"
    #expect(
      html.rendered
        == "<p title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;\">"
        + "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;</p>")
  }

  @Test func markupIsInsertedAsItIs() {
    let inner: HTML = "<b>\("a<b")</b>"
    let outer: HTML = "<p>\(inner)</p>"
    #expect(outer.rendered == "<p><b>a&lt;b</b></p>")
    #expect(HTML.escape("Zoë 日本") == "Zoë 日本")
  }

  /// Non-ASCII text around the five characters is kept byte for byte (the escape works on
  /// UTF-8 bytes), at the start, in the middle and at the end.
  @Test func escapingKeepsEveryOtherCharacter() {
    #expect(HTML.escape("") == "")
    #expect(HTML.escape("<") == "&lt;")
    #expect(
      HTML.escape("Zoë <日本> & 'é\u{301}' \"👍🏽\"")
        == "Zoë &lt;日本&gt; &amp; &#39;é\u{301}&#39; &quot;👍🏽&quot;")
    #expect(HTML.escape("a&b") == "a&amp;b")
    #expect(HTML.escape("ends with >") == "ends with &gt;")
  }

  @Test func onlySafeURLs() {
    #expect(SafeURL("https://example.com/a?b=1") != nil)
    #expect(SafeURL("/s/abc") != nil)
    #expect(SafeURL("javascript:alert(1)") == nil)
    #expect(SafeURL("//evil.example") == nil)
    #expect(SafeURL("https://x\" onload=\"y") == nil)
  }
}
