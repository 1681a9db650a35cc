import Foundation
import HTTPServer
import NPSCore
import Storage
import StoreTesting
import Testing

@testable import SurveyService

/// The comments page's search box: words joined by punctuation are found, and a search
/// without a letter or digit is no search.
@Suite("Comment search page") struct CommentSearchPageTests {
  @Test(arguments: StoreKind.allCases) func aSearchWithoutAWordListsEveryComment(kind: StoreKind)
    throws
  {
    try DashboardHarness.with(kind) { harness in
      _ = try harness.importSmall()
      try harness.addUser("ana@example.com", role: .viewer)
      let cookie = try harness.login("ana@example.com")
      func page(_ query: String) throws -> String {
        try harness.get("/dashboard/comments?\(query)", cookie: cookie).text
      }
      func shown(_ query: String) throws -> Int {
        try page(query).components(separatedBy: "class=\"comment\"").count - 1
      }
      let all = try shown("")
      #expect(all == 3)
      // As an empty search: every comment, no count of matches (was "3 matches").
      for wordless in ["q=--", "q=%E2%80%99", "q=+.%2F+"] {
        #expect(!(try page(wordless).contains("match-count")), "\(wordless)")
        #expect(try shown(wordless) == all, "\(wordless)")
      }
      // Words joined by punctuation in the search are each looked for.
      #expect(try shown("q=buggy%2Fslow") == (try shown("q=buggy+slow")))
      #expect(try page("q=buggy").contains("<p id=\"match-count\">1 match, newest first.</p>"))
    }
  }
}
