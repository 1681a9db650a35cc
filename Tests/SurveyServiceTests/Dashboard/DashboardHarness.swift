import Foundation
import HTTPServer
import Mail
import NPSCore
import Storage
import StoreTesting
import Testing

@testable import SurveyService

/// A service on a fresh store, driven through its responder (no sockets), with a clock the
/// test moves.
final class DashboardHarness: Sendable {
  let context: ServiceContext
  let responder: Responder
  let clock: ManualClock
  let outbox: URL

  /// `<package root>/../shared/data/NAME`.
  static func dataFile(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("shared/data/\(name)").path
  }

  init(url: String, now: Date = Date(timeIntervalSince1970: 1_700_000_000)) throws {
    let store = try StoreFactory.open(url: url, migrate: true, poolSize: 2)
    clock = ManualClock(now)
    outbox = FileManager.default.temporaryDirectory.appendingPathComponent(
      "nps-outbox-\(UUID().uuidString)")
    let mail = try OutboxTransport(folder: outbox)
    context = ServiceContext(
      configuration: ServiceConfiguration(dataDirectory: outbox.path), store: store, mail: mail,
      clock: clock, secret: .random(), logger: .disabled)
    responder = SurveyApplication.responder(context)
  }

  func close() {
    context.store.close()
    try? FileManager.default.removeItem(at: outbox)
  }

  /// Runs `body` with a harness on each store kind.
  static func with(_ kind: StoreKind, _ body: (DashboardHarness) throws -> Void) throws {
    try withTestDatabaseURL(kind) { url in
      let harness = try DashboardHarness(url: url)
      defer { harness.close() }
      try body(harness)
    }
  }

  // MARK: Requests

  func get(_ target: String, cookie: String? = nil) throws -> Response {
    var headers: HTTPHeaders = [:]
    if let cookie { headers["Cookie"] = cookie }
    return responder.response(
      for: try Request(method: .get, target: target, headers: headers, clientAddress: "127.0.0.1"),
      logger: .disabled)
  }

  func post(_ target: String, _ fields: [(String, String)], cookie: String? = nil) throws
    -> Response
  {
    var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
    if let cookie { headers["Cookie"] = cookie }
    let body = fields.map { QueryString.encode($0.0) + "=" + QueryString.encode($0.1) }
      .joined(separator: "&")
    return responder.response(
      for: try Request(
        method: .post, target: target, headers: headers, body: Array(body.utf8),
        clientAddress: "127.0.0.1"), logger: .disabled)
  }

  // MARK: Users and sessions

  @discardableResult
  func addUser(_ email: String, role: DashboardRole, password: String = "correct horse battery")
    throws -> User
  {
    try context.store.createUser(
      email: email, name: "", passwordHash: try PasswordHasher.hash(password), role: role.rawValue,
      now: clock.now())
  }

  /// Signs in through the login form; returns the `Cookie` header value.
  func login(_ email: String, password: String = "correct horse battery") throws -> String {
    let form = try get("/login")
    let csrf = try #require(Self.csrf(in: form.text))
    let response = try post(
      "/login", [("csrf", csrf), ("email", email), ("password", password), ("next", "/dashboard")])
    guard response.status == .seeOther,
      let setCookie = response.headers.values(for: "Set-Cookie").first
    else { throw HarnessError(description: "login failed: \(response.status.code)") }
    return String(setCookie.split(separator: ";")[0])
  }

  /// The first `name="csrf"` value of a page.
  static func csrf(in html: String) -> String? {
    guard let range = html.range(of: "name=\"csrf\" value=\"") else { return nil }
    let rest = html[range.upperBound...]
    return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
  }

  // MARK: Data

  /// Imports nps_case_trend.csv into the default survey: score, surveyed_at, is_admin.
  func importTrend() throws -> Int64 {
    let text = try String(contentsOfFile: Self.dataFile("nps_case_trend.csv"), encoding: .utf8)
    let survey = try #require(try context.store.survey(slug: "default"))
    var responses: [NewResponse] = []
    for line in text.split(whereSeparator: \.isNewline).dropFirst() {
      let fields = line.split(separator: ",").map(String.init)
      let date = try #require(try? Date(fields[4], strategy: .iso8601))
      responses.append(
        NewResponse(
          surveyID: survey.id, externalID: fields[1], score: try Score(Int(fields[2])!),
          respondedAt: date, source: .import, properties: ["is_admin": fields[0]]))
    }
    _ = try context.store.importResponses(responses, now: clock.now())
    return survey.id
  }
}

struct HarnessError: Error, CustomStringConvertible {
  var description: String
}
