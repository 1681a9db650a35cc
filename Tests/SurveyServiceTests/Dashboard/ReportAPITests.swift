import Foundation
import HTTPServer
import NPSCore
import Storage
import StoreTesting
import Testing

@testable import SurveyService

@Suite("Report API and CSV export", .serialized) struct ReportAPITests {
  func key(_ harness: DashboardHarness, scopes: [String]) throws -> String {
    let token = SecretToken.generate(prefix: "nps_")
    _ = try harness.context.store.createAPIKey(
      name: "test", keyHash: Sodium.sha256(token.text.utf8), prefix: "nps_", scopes: scopes,
      now: harness.clock.now())
    return token.text
  }

  func get(_ harness: DashboardHarness, _ target: String, key: String?) throws -> Response {
    var headers: HTTPHeaders = [:]
    if let key { headers["Authorization"] = "Bearer " + key }
    return harness.responder.response(
      for: try Request(method: .get, target: target, headers: headers), logger: .disabled)
  }

  @Test(arguments: StoreKind.allCases) func reportInTheDesignShape(kind: StoreKind) throws {
    try DashboardHarness.with(kind) { harness in
      _ = try harness.importTrend()
      let read = try key(harness, scopes: ["read"])
      let ingest = try key(harness, scopes: ["ingest"])
      #expect(try get(harness, "/api/v1/reports/nps", key: nil).status == .unauthorized)
      #expect(try get(harness, "/api/v1/reports/nps", key: "nps_wrong").status == .unauthorized)
      #expect(try get(harness, "/api/v1/reports/nps", key: ingest).status == .forbidden)
      // February 31 is no date (it used to roll over to March 3).
      #expect(
        try get(harness, "/api/v1/reports/nps?survey=default&from=2018-02-31", key: read).status
          == .badRequest)
      let response = try get(
        harness, "/api/v1/reports/nps?survey=default&by=month&segment=is_admin&tz=UTC", key: read)
      #expect(response.status == .ok)
      let json = try #require(
        try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
      let overall = try #require(json["overall"] as? [String: Any])
      // python3: n 20,268, P 9,404, Pa 3,661, D 7,203, NPS 10.8595, CI [9.6208, 12.0949].
      #expect(overall["n"] as? Int == 20_268)
      #expect(overall["promoters"] as? Int == 9_404)
      #expect(overall["passives"] as? Int == 3_661)
      #expect(overall["detractors"] as? Int == 7_203)
      #expect(abs((overall["nps"] as? Double ?? 0) - 10.859482928754687) < 1e-9)
      let ci = try #require(overall["ci95"] as? [Double])
      #expect(abs(ci[0] - 9.620815485709748) < 1e-6)
      #expect(abs(ci[1] - 12.094936080567194) < 1e-6)
      let periods = try #require(json["periods"] as? [[String: Any]])
      #expect(periods.count == 19)
      #expect(periods.first?["period"] as? String == "2017-02")
      #expect(periods.first?["n"] as? Int == 500)
      #expect(periods.first?["start"] as? String == "2017-02-01T00:00:00Z")
      let segments = try #require(json["segments"] as? [[String: Any]])
      let admins = try #require(
        segments.first { ($0["segment"] as? [String: Any])?["value"] as? String == "1" })
      #expect(admins["n"] as? Int == 7_156)
      #expect(abs((admins["nps"] as? Double ?? 0) - 38.42929010620459) < 1e-9)
      let rest = try #require(admins["vs_rest"] as? [String: Any])
      #expect(
        abs((rest["difference"] as? Double ?? 0) - (38.42929010620459 + 4.187004270896888)) < 1e-9)
      #expect((rest["p_value"] as? Double ?? 1) < 0.001)
      let adminPeriods = try #require(admins["periods"] as? [[String: Any]])
      #expect(abs((adminPeriods.last?["nps"] as? Double ?? 0) - 42.04545454545455) < 1e-9)
      // By year, as `nps report --by year`: two periods holding every response.
      let yearly = try get(harness, "/api/v1/reports/nps?survey=default&by=year&tz=UTC", key: read)
      #expect(yearly.status == .ok)
      let years = try #require(
        (try JSONSerialization.jsonObject(with: Data(yearly.body)) as? [String: Any])?["periods"]
          as? [[String: Any]])
      #expect(years.map { $0["period"] as? String } == ["2017", "2018"])
      #expect(years.map { $0["n"] as? Int ?? 0 }.reduce(0, +) == 20_268)
    }
  }

  @Test func csvExportIsFormulaSafeWithAnOptionalBOM() throws {
    try DashboardHarness.with(.sqlite) { harness in
      let survey = try #require(try harness.context.store.survey(slug: "default"))
      _ = try harness.context.store.importResponses(
        [
          NewResponse(
            surveyID: survey.id, externalID: "a", score: try Score(2),
            comment: "=HYPERLINK(\"http://x\",\"y\")",
            respondedAt: Date(timeIntervalSince1970: 1_704_067_200),
            source: .import, properties: ["plan": "+pro", "team": "Zoë, \"A\""]),
          NewResponse(
            surveyID: survey.id, externalID: "b", score: try Score(10), comment: "-1 @home\nok",
            respondedAt: Date(timeIntervalSince1970: 1_704_153_600), source: .import),
        ], now: harness.clock.now())
      try harness.addUser("ana@example.com", role: .viewer)
      let cookie = try harness.login("ana@example.com")
      let plain = try harness.get("/dashboard/export.csv", cookie: cookie)
      #expect(plain.headers["Content-Type"] == "text/csv; charset=utf-8")
      let text = plain.text
      #expect(!text.hasPrefix("\u{FEFF}"))
      let lines = text.components(separatedBy: "\r\n")
      #expect(
        lines[0]
          == "response_id,responded_at,score,category,comment,source,external_id,property:plan,property:team"
      )
      // Oldest first.
      #expect(lines[2].hasSuffix(",2024-01-02T00:00:00Z,10,promoter,\"'-1 @home\nok\",import,b,,"))
      #expect(
        lines[1].hasSuffix(
          ",2024-01-01T00:00:00Z,2,detractor,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",import,a,'+pro,\"Zoë, \"\"A\"\"\""
        ))
      let withBOM = try harness.get("/dashboard/export.csv?bom=1", cookie: cookie)
      #expect(Array(withBOM.body.prefix(3)) == [0xEF, 0xBB, 0xBF])
      let read = try key(harness, scopes: ["read"])
      #expect(try get(harness, "/api/v1/exports/responses.csv", key: read).body == plain.body)
    }
  }
}
