import Foundation
import HTTPServer
import Storage
import StoreTesting
import Testing

@testable import SurveyService

/// Every error under /api/ is an RFC 9457 problem document, whoever raised it: the router
/// (unknown route, wrong method), shared code (the report filter), or the server before
/// routing (a malformed target). Over real HTTP, with the service's own responder and refusal.
@Suite struct APIProblemTests {
  static let titles = [400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"]

  @Test(arguments: StoreKind.allCases)
  func everyAPIErrorIsAProblemDocument(kind: StoreKind) throws {
    try SendingTest.withContext(kind) { context, _ in
      let key = try APIKeys.create(store: context.store, name: "r", scope: .admin, now: Date()).key
      try LiveSurveyServerTests.withApplication(context) { base in
        let cases: [(String, String, Int, String)] = [
          ("GET", "/api/v1/nope", 404, "there is no API resource at /api/v1/nope"),
          ("GET", "/api/v1/reports/nps?survey=nope", 404, "No survey \"nope\"."),
          (
            "GET", "/api/v1/reports/nps?survey=default&by=fortnight", 400,
            "by must be day, week, month, quarter or year."
          ),
          ("GET", "/api/v1/exports/responses.csv?survey=nope", 404, "No survey \"nope\"."),
          (
            "GET", "/api/v1/reports/nps?survey=default&segmnt=agent", 400,
            "Unknown query parameter \"segmnt\" (known: survey, from, to, tz, by, segment)."
          ),
          (
            "GET", "/api/v1/reports/nps?survey=default&survey=other", 400,
            "The query parameter \"survey\" is given twice."
          ),
          (
            "GET", "/api/v1/reports/nps?survey=default&segment=plna", 404,
            "No response of survey \"default\" has the property \"plna\" (properties: none)."
          ),
          (
            "GET", "/api/v1/exports/responses.csv?bom=2", 400,
            "bom must be 0 or 1, got \"2\"."
          ),
          (
            "GET", "/api/v1/interactions/%FF", 400,
            "the request target has a malformed percent escape or is not UTF-8"
          ),
          (
            "DELETE", "/api/v1/interactions", 405,
            "DELETE is not allowed on /api/v1/interactions; use POST"
          ),
        ]
        for (method, target, status, detail) in cases {
          let reply = try LiveSurveyServerTests.curl(
            base + target, ["-X", method, "-H", "Authorization: Bearer \(key)"])
          #expect(reply.status == status, "\(method) \(target)")
          #expect(
            reply.headers["content-type"] == "application/problem+json", "\(method) \(target)")
          let document = try #require(
            try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any])
          #expect(document["type"] as? String == "about:blank", "\(method) \(target)")
          #expect(document["status"] as? Int == status, "\(method) \(target)")
          #expect(document["title"] as? String == Self.titles[status], "\(method) \(target)")
          #expect(document["detail"] as? String == detail, "\(method) \(target)")
        }
        let wrongMethod = try LiveSurveyServerTests.curl(
          base + "/api/v1/interactions", ["-X", "DELETE"])
        #expect(wrongMethod.headers["allow"] == "POST")
        // Outside /api/ the pages keep their plain answers.
        let page = try LiveSurveyServerTests.curl(base + "/nope")
        #expect(page.status == 404)
        #expect(page.headers["content-type"]?.hasPrefix("text/") == true)
        let malformed = try LiveSurveyServerTests.curl(base + "/s/%FF")
        #expect(malformed.status == 400)
        #expect(malformed.body == "Malformed request target")
      }
    }
  }
}
