import Foundation
import HTTPServer
import NPSCore
import Storage
import StoreTesting
import Testing

@testable import SurveyService

/// Page render times with many responses, through the responder (no sockets). Runs only when
/// `NPS_DASHBOARD_BENCH` gives a row count, e.g.
/// `NPS_DASHBOARD_BENCH=1000000 swift test -c release --filter DashboardBenchmark`; each page
/// is rendered 11 times (best, median and worst printed; target < 100 ms).
/// (`NPS_DASHBOARD_BENCH_KINDS=sqlite,postgres` to choose stores; default sqlite).
///
/// `NPS_DASHBOARD_BENCH_KEEP=DIR` keeps the imported stores for the next run, which then
/// imports nothing (10M take 5-25 minutes per store): SQLite in `DIR/sqlite-ROWS.db`,
/// PostgreSQL in the schema `bench_ROWS` of `NPS_TEST_POSTGRES_URL`'s database. A store counts
/// as imported once the benchmark's user exists (it is added after the import); one without
/// it is emptied and imported again. Opening a kept store migrates it, so a new migration is
/// measured on it as its back-fill.
@Suite(.serialized) struct DashboardBenchmark {
  static let environment = ProcessInfo.processInfo.environment
  static let rows = Int(environment["NPS_DASHBOARD_BENCH"] ?? "") ?? 0
  static let kinds = (environment["NPS_DASHBOARD_BENCH_KINDS"] ?? "sqlite")
    .split(separator: ",").compactMap { StoreKind(rawValue: String($0)) }
  static let keep = environment["NPS_DASHBOARD_BENCH_KEEP"].flatMap { $0.isEmpty ? nil : $0 }
  static let user = "bench@example.com"

  /// A small deterministic generator (SplitMix64).
  struct Generator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  static let comments = [
    "delivery was slow and support never answered", "great templates, easy to use",
    "pricing is too high for small teams", "love the new mind map feature",
    "export to pdf keeps failing", "fast support, friendly agent",
  ]
  /// Every 1,000th comment instead: a rare word ("invoice", 1,000 matches in 10M responses).
  static let rareComment = "the invoice address was wrong"

  /// Runs `body` on a store of `kind`: a kept one (see `NPS_DASHBOARD_BENCH_KEEP`) or a fresh
  /// temporary one.
  static func withStore(_ kind: StoreKind, _ body: (DashboardHarness) throws -> Void) throws {
    guard let keep else { return try DashboardHarness.with(kind, body) }
    let url: String
    let reset: () throws -> Void
    switch kind {
    case .sqlite:
      try FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
      let path = URL(fileURLWithPath: keep).appendingPathComponent("sqlite-\(rows).db").path
      url = "sqlite://" + path
      reset = {
        for suffix in ["", "-wal", "-shm"] {
          try? FileManager.default.removeItem(atPath: path + suffix)
        }
      }
    case .postgres:
      let base = try #require(TestEnvironment.postgresURL, "NPS_TEST_POSTGRES_URL is not set")
      let schema = "bench_\(rows)"
      try PostgresAdmin.executeUnsafeScript(url: base, "CREATE SCHEMA IF NOT EXISTS \(schema)")
      url = base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
      reset = {
        try PostgresAdmin.executeUnsafeScript(
          url: base, "DROP SCHEMA \(schema) CASCADE; CREATE SCHEMA \(schema)")
      }
    }
    let opened = ContinuousClock.now
    var harness = try DashboardHarness(url: url)
    print("dashboard bench \(kind): opened (and migrated) in \(ContinuousClock.now - opened)")
    if try harness.context.store.user(email: user) == nil {
      // Not imported, or the import did not finish: start again from an empty store.
      harness.close()
      try reset()
      harness = try DashboardHarness(url: url)
    }
    defer { harness.close() }
    try body(harness)
  }

  @Test(.enabled(if: rows > 0)) func renderPages() throws {
    for kind in Self.kinds {
      try Self.withStore(kind) { harness in
        let store = harness.context.store
        let survey = try #require(try store.survey(slug: "default"))
        let clock = ContinuousClock()
        if try store.user(email: Self.user) != nil {
          print("dashboard bench \(kind): kept store of \(Self.rows) responses, no import")
        } else {
          let importTime = try clock.measure { try Self.importRows(store, survey: survey, harness) }
          try harness.addUser(Self.user, role: .admin)
          _ = try store.createChange(
            Change(
              surveyID: survey.id, title: "New onboarding",
              changedAt: Date(timeIntervalSince1970: 1_688_169_600), createdAt: harness.clock.now())
          )
          print("dashboard bench \(kind): imported \(Self.rows) responses in \(importTime)")
        }
        let cookie = try harness.login(Self.user)
        try Self.timePages(harness, kind: kind, cookie: cookie)
      }
    }
  }

  static func importRows(_ store: any Store, survey: Survey, _ harness: DashboardHarness) throws {
    var random = Generator(state: 42)
    let start = Date(timeIntervalSince1970: 1_672_531_200).millisecondsSince1970  // 2023-01-01
    let span: Int64 = 365 * 86_400_000
    var imported = 0
    while imported < Self.rows {
      let count = min(10_000, Self.rows - imported)
      let batch = try (0..<count).map { offset -> NewResponse in
        let index = imported + offset
        let score = Int.random(in: 0...10, using: &random)
        let comment =
          index % 10_000 == 0
          ? Self.rareComment
          : Self.comments[(index / 10 + (score <= 6 ? 0 : 1)) % Self.comments.count]
        return NewResponse(
          surveyID: survey.id, externalID: "r\(index)", score: try Score(score),
          comment: index % 10 == 0 ? comment : nil,
          respondedAt: Date(millisecondsSince1970: start + span * Int64(index) / Int64(Self.rows)),
          source: .import,
          properties: [
            "agent": "agent-\(Int.random(in: 0..<50, using: &random))",
            "plan": ["free", "team", "business", "enterprise"][
              Int.random(in: 0..<4, using: &random)],
          ])
      }
      _ = try store.importResponses(batch, now: harness.clock.now())
      imported += count
    }
    try store.optimize()
  }

  static let pages = [
    "/dashboard", "/dashboard?by=week", "/dashboard?segment_name=plan&segment_value=team",
    "/dashboard/segments?property=agent", "/dashboard/segments?property=plan&sort=nps",
    "/dashboard/comments", "/dashboard/comments?segment_name=plan&segment_value=team",
    "/dashboard/comments?category=promoter&segment_name=plan&segment_value=team",
    "/dashboard/comments?q=slow+support",
    "/dashboard/comments?q=slow+support&page=20", "/dashboard/comments?q=pdf",
    "/dashboard/comments?q=slow+support&category=promoter&segment_name=plan&segment_value=team",
    "/dashboard/comments?q=slow+support&from=2023-01-01&to=2023-01-31",
    "/dashboard/comments?q=slow+support&from=2023-01-01&to=2023-06-30",
    "/dashboard/comments?q=invoice", "/dashboard/comments?q=invoice&category=detractor",
    "/dashboard/comments?q=zebra",
    "/dashboard/comments?q=slow+support&segment_name=plan&segment_value=none",
    "/dashboard/followups", "/dashboard/changes",
  ]

  /// Times each page (those containing `NPS_DASHBOARD_BENCH_PAGES`, when set) 11 times.
  static func timePages(_ harness: DashboardHarness, kind: StoreKind, cookie: String) throws {
    let clock = ContinuousClock()
    let only = environment["NPS_DASHBOARD_BENCH_PAGES"].flatMap { $0.isEmpty ? nil : $0 }
    print("dashboard bench \(kind): target < 100 ms per page")
    for page in pages where only.map({ page.contains($0) }) ?? true {
      var times: [Double] = []
      var status = 0
      for _ in 0..<11 {
        let started = clock.now
        let response = try harness.get(page, cookie: cookie)
        let elapsed = clock.now - started
        times.append(
          Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        status = response.status.code
      }
      times.sort()
      print(
        "dashboard bench \(kind): \(page) of 11: "
          + String(
            format: "best %.1f ms, median %.1f ms, worst %.1f ms", times[0], times[5], times[10])
          + " (status \(status))")
      #expect(status == 200)
    }
  }
}
