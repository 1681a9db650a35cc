import Foundation
import HTTPServer
import NPSCore
import Storage
import StoreTesting
import Testing

@testable import SurveyService

/// The same flows over real HTTP: the application on an HTTPServer on 127.0.0.1 (port 0),
/// requests made by curl.
@Suite struct LiveSurveyServerTests {
  struct Reply {
    var status: Int
    var headers: [String: String]
    var body: String
  }

  /// The whole application on 127.0.0.1 (port 0) as `nps serve` runs it, with its refusal;
  /// stopped after `body`, which gets the base URL.
  static func withApplication(_ context: ServiceContext, _ body: (String) throws -> Void) throws {
    let server = try HTTPServer(
      configuration: .init(
        address: "127.0.0.1", port: 0, threadPoolSize: 2, refusal: SurveyApplication.refusal),
      responder: SurveyApplication.responder(context), logger: .disabled)
    defer { server.stop(timeout: .seconds(5)) }
    try body("http://127.0.0.1:\(server.port)")
  }

  /// One request with curl; headers by lower-cased name.
  static func curl(_ url: String, _ arguments: [String] = []) throws -> Reply {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("live-survey-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    process.arguments =
      ["-s", "-o", folder.path + "/body", "-D", folder.path + "/headers", "--max-time", "10"]
      + arguments + [url]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let headerText = try String(contentsOfFile: folder.path + "/headers", encoding: .utf8)
    var lines = headerText.components(separatedBy: "\r\n")
    let statusLine = lines.removeFirst()
    var headers: [String: String] = [:]
    for line in lines {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
        .trimmingCharacters(in: .whitespaces)
    }
    return Reply(
      status: Int(statusLine.split(separator: " ")[1]) ?? 0, headers: headers,
      body: try String(contentsOfFile: folder.path + "/body", encoding: .utf8))
  }

  static func signature(_ html: String) throws -> String {
    let marker = "name=\"sig\" value=\""
    let start = try #require(html.range(of: marker))
    return String(html[start.upperBound...].prefix { $0 != "\"" })
  }

  func withLiveServer(
    _ kind: StoreKind, _ body: (SurveyPageFixture, String) throws -> Void
  ) throws {
    try withSurveyPages(kind) { app in
      let server = try HTTPServer(
        configuration: .init(address: "127.0.0.1", port: 0, threadPoolSize: 2),
        responder: SurveyApplication.responder(app.context), logger: .disabled)
      defer { server.stop(timeout: .seconds(5)) }
      try body(app, "http://127.0.0.1:\(server.port)")
    }
  }

  @Test(arguments: StoreKind.allCases)
  func aPersonClicksSendsACommentAndUnsubscribesOverHTTP(kind: StoreKind) throws {
    try withLiveServer(kind) { app, base in
      let (token, invitation, contact) = try app.invite()
      let page = try Self.curl("\(base)/s/\(token.text)/9")
      #expect(page.status == 200)
      #expect(page.headers["content-security-policy"]?.contains("script-src 'self'") == true)
      #expect(page.headers["x-content-type-options"] == "nosniff")
      let sig = try Self.signature(page.body)
      let pick = try Self.curl(
        "\(base)/s/\(token.text)/pick", ["--data", "score=9&sig=\(sig)"])
      #expect(pick.status == 204)
      app.clock.advance(by: 21)
      try PickConfirmer(context: app.context, settings: SurveyPageSettings())
        .run(now: app.clock.now())
      #expect(try app.store.response(invitationID: invitation.id)?.score.value == 9)

      let sent = try Self.curl(
        "\(base)/s/\(token.text)",
        ["--data-urlencode", "comment=Très bien 👍", "--data", "score=10&sig=\(sig)"])
      #expect(sent.status == 303)
      #expect(sent.headers["location"] == "/s/\(token.text)/thanks")
      let response = try #require(try app.store.response(invitationID: invitation.id))
      #expect(response.score.value == 10 && response.comment == "Très bien 👍")

      let unsubscribed = try Self.curl(
        "\(base)/u/\(token.text)", ["--data", "List-Unsubscribe=One-Click"])
      #expect(unsubscribed.status == 200)
      #expect(try app.store.contact(id: contact.id)?.unsubscribedAt != nil)
    }
  }

  @Test(arguments: StoreKind.allCases)
  func aScannerFetchingEveryLinkOverHTTPLeavesNothing(kind: StoreKind) throws {
    try withLiveServer(kind) { app, base in
      let (token, invitation, contact) = try app.invite()
      for score in 0...10 {
        #expect(try Self.curl("\(base)/s/\(token.text)/\(score)").status == 200)
      }
      #expect(try Self.curl("\(base)/u/\(token.text)").status == 200)
      app.clock.advance(by: 120)
      try PickConfirmer(context: app.context, settings: SurveyPageSettings())
        .run(now: app.clock.now())
      #expect(try app.store.response(invitationID: invitation.id) == nil)
      #expect(try app.store.contact(id: contact.id)?.unsubscribedAt == nil)
      let unknown = try Self.curl("\(base)/s/\(SecretToken.generate().text)/9")
      #expect(unknown.status == 404)
      #expect(unknown.headers["content-type"] == "text/html; charset=utf-8")
    }
  }
}
