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

  @Test func onlySafeURLs() {
    #expect(SafeURL("https://example.com/a?b=1") != nil)
    #expect(SafeURL("/s/abc") != nil)
    #expect(SafeURL("javascript:alert(1)") == nil)
    #expect(SafeURL("//evil.example") == nil)
    #expect(SafeURL("https://x\" onload=\"y") == nil)
  }
}
