import Foundation
import NPSCore
import StoreTesting
import Testing

@testable import Storage

/// Keyset pages of an export: every response once, oldest first, ties broken by id.
@Suite struct ExportPageTests {
  @Test(arguments: StoreKind.allCases)
  func pagesReturnEveryResponseOnceInTimeThenIDOrder(kind: StoreKind) throws {
    try withStore(kind) { store, _ in
      let survey = try #require(try store.survey(slug: "default")).id
      let base = instant("2024-05-01T00:00:00Z")
      // 23 responses over 4 instants (many ties), imported in scrambled order; 7 are "pro".
      var rows: [NewResponse] = []
      for number in [
        5, 17, 0, 22, 9, 13, 1, 20, 3, 11, 7, 15, 19, 2, 21, 4, 8, 16, 6, 12, 18, 10, 14,
      ] {
        rows.append(
          NewResponse(
            surveyID: survey, externalID: "r\(number)", score: try Score(number % 11),
            respondedAt: base.addingTimeInterval(Double(number % 4) * 3_600), source: .import,
            properties: number % 3 == 0 ? ["plan": "pro"] : ["plan": "free"]))
      }
      _ = try store.importResponses(rows, now: testNow)

      func all(range: Range<Date>? = nil, segment: SegmentFilter? = nil) throws -> [SurveyResponse]
      {
        var result: [SurveyResponse] = []
        var position: ExportPosition?
        while true {
          let page = try store.exportPage(
            surveyID: survey, range: range, segment: segment, after: position, limit: 5)
          result += page
          guard page.count == 5, let last = page.last else { return result }
          position = ExportPosition(after: last)
        }
      }
      let everything = try all()
      #expect(everything.count == 23)
      #expect(Set(everything.map(\.id)).count == 23)
      let keys = everything.map { ($0.respondedAt, $0.id) }
      #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 })
      #expect(everything.first?.respondedAt == base)

      let pro = try all(segment: SegmentFilter(name: "plan", value: "pro"))
      #expect(pro.count == 8)
      #expect(pro.allSatisfy { $0.properties["plan"] == "pro" })
      // The first two instants only: numbers with number % 4 in 0...1.
      let early = try all(range: base..<base.addingTimeInterval(7_200))
      #expect(early.count == 12)
    }
  }
}
