import Foundation
import HTTPServer
import Storage
import StoreTesting
import Testing

@testable import SurveyService

/// POST /api/v1/interactions and the decision look-ups, through the frozen router.
@Suite struct APITests {
  struct Client {
    let responder: Responder
    var key: String

    func post(_ body: String, type: String = "application/json", key: String? = nil) throws
      -> Response
    {
      var headers: HTTPHeaders = ["Content-Type": type]
      if let key = key ?? Optional(self.key), !key.isEmpty {
        headers["Authorization"] = "Bearer \(key)"
      }
      let request = try Request(
        method: .post, target: "/api/v1/interactions", headers: headers, body: Array(body.utf8))
      return responder.response(for: request)
    }

    func get(_ target: String, key: String) throws -> Response {
      let request = try Request(
        method: .get, target: target, headers: ["Authorization": "Bearer \(key)"])
      return responder.response(for: request)
    }
  }

  static func withAPI(
    _ kind: StoreKind, rate: Double = 10_000, burst: Double = 10_000,
    _ body: (ServiceContext, Client) throws -> Void
  ) throws {
    try SendingTest.withContext(kind) { context, _ in
      try SendingTest.configureDefault(context)
      var router = Router()
      var options = APIRoutes.Options()
      options.rate = rate
      options.burst = burst
      APIRoutes.register(in: &router, context: context, options: options)
      let key = try APIKeys.create(store: context.store, name: "t", scope: .ingest, now: Date()).key
      try body(context, Client(responder: router.buildResponder(), key: key))
    }
  }

  static func json(_ response: Response) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
  }

  /// A body over the server's limit is refused before routing; under /api/ the answer is a
  /// problem document like every other API error.
  @Test func anOversizedAPIBodyIsAProblemDocument() throws {
    let api = SurveyApplication.refusal(.contentTooLarge, target: "/api/v1/interactions")
    #expect(api.status.code == 413)
    #expect(api.headers["Content-Type"] == "application/problem+json")
    let document = try #require(
      try JSONSerialization.jsonObject(with: Data(api.body)) as? [String: Any])
    #expect(document["status"] as? Int == 413)
    #expect(document["title"] as? String == "Content Too Large")
    let page = SurveyApplication.refusal(.contentTooLarge, target: "/s/abc")
    #expect(page.status.code == 413)
    #expect(page.headers["Content-Type"] != "application/problem+json")
  }

  @Test(arguments: StoreKind.allCases)
  func missingWrongOrUnderScopedKeys(kind: StoreKind) throws {
    try Self.withAPI(kind) { context, client in
      let body = #"{"email": "a@example.com", "external_id": "K"}"#
      let none = try client.post(body, key: "")
      #expect(none.status.code == 401)
      #expect(none.headers["WWW-Authenticate"] == "Bearer realm=\"nps\"")
      #expect(none.headers["Content-Type"] == "application/problem+json")
      #expect(try client.post(body, key: "nps_AAAAAAAAAAAAAAAAAAAAAA").status.code == 401)
      #expect(try client.post(body, key: "garbage").status.code == 401)
      let read = try APIKeys.create(store: context.store, name: "r", scope: .read, now: Date())
      let forbidden = try client.post(body, key: read.key)
      #expect(forbidden.status.code == 403)
      #expect(try Self.json(forbidden)["status"] as? Int == 403)
      let revoked = try APIKeys.create(store: context.store, name: "x", scope: .ingest, now: Date())
      try context.store.revokeAPIKey(id: revoked.record.id, at: Date())
      #expect(try client.post(body, key: revoked.key).status.code == 401)
      let admin = try APIKeys.create(store: context.store, name: "a", scope: .admin, now: Date())
      #expect(try client.post(body, key: admin.key).status.code == 202)
      #expect(try client.post(body, type: "text/plain").status.code == 415)
      #expect(try context.store.contactCount() == 1)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func problemDetailsNameEveryBadFieldOfEachItem(kind: StoreKind) throws {
    try Self.withAPI(kind) { context, client in
      let response = try client.post(
        """
        {"interactions": [
          {"email": "fine@example.com", "external_id": "P-1"},
          {"email": "x@", "external_id": "", "locale": "not a locale!", "survey": "Bad Slug"}
        ]}
        """)
      #expect(response.status.code == 422)
      #expect(response.headers["Content-Type"] == "application/problem+json")
      let problem = try Self.json(response)
      #expect(problem["type"] as? String == "urn:nps:problem:invalid-interactions")
      #expect(problem["status"] as? Int == 422)
      let errors = try #require(problem["errors"] as? [[String: Any]])
      #expect(
        Set(errors.compactMap { $0["pointer"] as? String })
          == [
            "/interactions/1/email", "/interactions/1/external_id", "/interactions/1/locale",
            "/interactions/1/survey",
          ])
      let items = try #require(problem["items"] as? [[String: Any]])
      #expect(items.count == 1)
      #expect(items.first?["index"] as? Int == 1)
      #expect(try context.store.contactCount() == 0)
      let notJSON = try client.post("{nope")
      #expect(notJSON.status.code == 422)
      #expect(try Self.json(notJSON)["detail"] as? String != nil)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func batchOfAThousandIsIdempotent(kind: StoreKind) throws {
    try Self.withAPI(kind) { context, client in
      let items = (0..<1000).map {
        #"{"email": "u\#($0)@example.com", "external_id": "E-\#($0)", "name": "U \#($0)", "#
          + #""occurred_at": "2026-03-02T11:00:00Z", "properties": {"agent": "A\#($0 % 7)", "#
          + #""vip": \#($0 % 2 == 0), "tickets": \#($0)}}"#
      }
      let body = "[" + items.joined(separator: ",") + "]"
      let first = try client.post(body)
      #expect(first.status.code == 202)
      let reply = try Self.json(first)
      #expect(reply["created"] as? Int == 1000)
      #expect(reply["invited"] as? Int == 1000)
      #expect((reply["items"] as? [Any])?.count == 1000)
      let again = try Self.json(try client.post(body))
      #expect(again["created"] as? Int == 0)
      #expect(again["repeated"] as? Int == 1000)
      #expect(try context.store.contactCount() == 1000)
      #expect(try context.store.invitationCounts()[.scheduled] == 1000)
      let interaction = try #require(try context.store.interaction(externalID: "E-10"))
      #expect(interaction.properties == ["agent": "A3", "vip": "true", "tickets": "10"])
      let tooMany = try client.post(
        "["
          + (items + [#"{"email": "x@example.com", "external_id": "E-X"}"#]).joined(separator: ",")
          + "]")
      #expect(tooMany.status.code == 422)
      #expect(try context.store.interaction(externalID: "E-X") == nil)
    }
  }

  /// `rate` 0.5 a second with bursts of 2: windows of 4 s holding 2 requests each, on the
  /// service's clock.
  @Test(arguments: StoreKind.allCases)
  func overTheRateGets429WithRetryAfter(kind: StoreKind) throws {
    try SendingTest.withContext(kind) { context, clock in
      try SendingTest.configureDefault(context)
      let client = try Self.node(context, rate: 0.5, burst: 2)
      clock.advance(by: 1)  // SendingTest.start begins a window; 3 s of it are left
      let body = #"{"email": "a@example.com", "external_id": "R"}"#
      #expect(try client.post(body).status.code == 202)
      #expect(try client.post(body).status.code == 202)
      let limited = try client.post(body)
      #expect(limited.status.code == 429)
      #expect(limited.headers["Retry-After"] == "3")
      #expect(limited.headers["Content-Type"] == "application/problem+json")
      #expect(
        try Self.json(limited)["detail"] as? String == "more than 2 requests in 4 s for this key")
      clock.advance(by: 3)
      #expect(try client.post(body).status.code == 202)
    }
  }

  /// Two nodes on one store share each key's count (nothing a request needs lives in one
  /// process's memory): three requests a window, spread over both, then both refuse.
  @Test(arguments: StoreKind.allCases)
  func nodesOnOneStoreShareAKeysRate(kind: StoreKind) throws {
    try SendingTest.withContext(kind) { context, clock in
      try SendingTest.configureDefault(context)
      let first = try Self.node(context, rate: 1, burst: 3)
      var second = try Self.node(context, rate: 1, burst: 3)
      second.key = first.key
      let body = #"{"email": "b@example.com", "external_id": "S"}"#
      #expect(try first.post(body).status.code == 202)
      #expect(try second.post(body).status.code == 202)
      #expect(try first.post(body).status.code == 202)
      #expect(try second.post(body).status.code == 429)
      #expect(try first.post(body).status.code == 429)
      // Another key has its own count.
      let other = try APIKeys.create(store: context.store, name: "o", scope: .ingest, now: Date())
      #expect(try second.post(body, key: other.key).status.code == 202)
      clock.advance(by: 3)
      #expect(try second.post(body).status.code == 202)
    }
  }

  /// Reports and exports count against the same per-key rate as the other routes (they are
  /// the most expensive reads).
  @Test(arguments: StoreKind.allCases)
  func reportsAndExportsCountAgainstTheKeysRate(kind: StoreKind) throws {
    try SendingTest.withContext(kind) { context, clock in
      try SendingTest.configureDefault(context)
      let client = try Self.node(context, rate: 1, burst: 3)
      let read = try APIKeys.create(store: context.store, name: "r", scope: .read, now: Date())
      let targets = [
        "/api/v1/reports/nps?survey=default", "/api/v1/exports/responses.csv?survey=default",
        "/api/v1/reports/nps?survey=default&by=day",
      ]
      for target in targets {
        #expect(try client.get(target, key: read.key).status.code == 200, "\(target)")
      }
      for target in targets + ["/api/v1/interactions/none"] {
        let refused = try client.get(target, key: read.key)
        #expect(refused.status.code == 429, "\(target)")
        #expect(refused.headers["Retry-After"] == "3", "\(target)")
      }
      clock.advance(by: 3)
      #expect(try client.get(targets[0], key: read.key).status.code == 200)
    }
  }

  /// One node: the API routes on their own router, with a new ingest key.
  static func node(_ context: ServiceContext, rate: Double, burst: Double) throws -> Client {
    var router = Router()
    var options = APIRoutes.Options()
    options.rate = rate
    options.burst = burst
    APIRoutes.register(in: &router, context: context, options: options)
    let key = try APIKeys.create(store: context.store, name: "t", scope: .ingest, now: Date()).key
    return Client(responder: router.buildResponder(), key: key)
  }

  @Test(arguments: StoreKind.allCases)
  func decisionsAreReadableWithAReadKey(kind: StoreKind) throws {
    try Self.withAPI(kind) { context, client in
      _ = try client.post(#"{"email": "d@example.com", "external_id": "T/1"}"#)
      _ = try client.post(#"{"email": "d@example.com", "external_id": "T-2"}"#)
      let read = try APIKeys.create(store: context.store, name: "r", scope: .read, now: Date())
      let second = try client.get("/api/v1/interactions/T-2/decisions", key: read.key)
      #expect(second.status.code == 200)
      let decisions = try #require(try Self.json(second)["decisions"] as? [[String: Any]])
      #expect(decisions.count == 1)
      #expect(decisions.first?["outcome"] as? String == "skip")
      #expect((decisions.first?["reason"] as? String)?.hasPrefix("pending_invitation") == true)
      let first = try Self.json(try client.get("/api/v1/interactions/T%2F1", key: read.key))
      #expect(
        (first["invitations"] as? [[String: Any]])?.first?["status"] as? String == "scheduled")
      #expect(try client.get("/api/v1/interactions/none", key: read.key).status.code == 404)
      #expect(try client.get("/api/v1/interactions/T-2", key: client.key).status.code == 403)
    }
  }
}
