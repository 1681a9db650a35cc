import Foundation
import HTTPServer
import Storage
import StoreTesting
import Testing

@testable import SurveyService

/// The database gone while the server runs: requests that need it answer 503 with Retry-After
/// (a problem document under /api/), not 500; `/readyz` fails so a load balancer takes the node
/// out, while `/healthz` still says the process serves.
@Suite struct DatabaseOutageTests {
  @Test(arguments: StoreKind.allCases)
  func anUnreachableDatabaseIs503AndNotReady(kind: StoreKind) throws {
    try SendingTest.withContext(kind) { context, _ in
      let key = try APIKeys.create(store: context.store, name: "i", scope: .ingest, now: Date()).key
      try LiveSurveyServerTests.withApplication(context) { base in
        let ready = try LiveSurveyServerTests.curl(base + "/readyz")
        #expect(ready.status == 200)
        #expect(ready.body == "ready\n")

        context.store.close()
        let health = try LiveSurveyServerTests.curl(base + "/healthz")
        #expect(health.status == 200)
        #expect(try LiveSurveyServerTests.curl(base + "/readyz").status == 503)
        let post = try LiveSurveyServerTests.curl(
          base + "/api/v1/interactions",
          [
            "-X", "POST", "-H", "Authorization: Bearer \(key)", "-H",
            "Content-Type: application/json", "--data",
            #"{"email": "a@example.com", "external_id": "O-1"}"#,
          ])
        #expect(post.status == 503)
        #expect(post.headers["retry-after"] == "5")
        #expect(post.headers["content-type"] == "application/problem+json")
        #expect(post.body.contains("cannot reach its database right now"))
        let page = try LiveSurveyServerTests.curl(base + "/s/AAAAAAAAAAAAAAAAAAAAAA/9")
        #expect(page.status == 503)
        #expect(page.headers["retry-after"] == "5")
      }
    }
  }
}
