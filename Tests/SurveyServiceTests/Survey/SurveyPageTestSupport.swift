import Foundation
import HTTPServer
import Mail
import NPSCore
import Storage
import StoreTesting
import Testing

@testable import SurveyService

/// A service on a fresh store with a manual clock, for the survey page tests. Requests go to
/// the application's responder directly (router level) unless a test starts a live server.
struct SurveyPageFixture {
  let store: SQLStore
  let clock: ManualClock
  let context: ServiceContext
  let responder: Responder
  let folder: URL

  /// 2027-01-15T08:00:00Z, on a minute boundary (1_800_000_000 / 60 = 30_000_000).
  static let start = Date(timeIntervalSince1970: 1_800_000_000)

  /// The default survey's id (seeded by migration 1).
  var defaultSurvey: Survey {
    get throws { try #require(try store.survey(slug: "default")) }
  }

  /// Creates a contact and a sent invitation with a fresh token.
  func invite(
    email: String = "ana@example.com", name: String? = "Ana", locale: String? = "en",
    survey: Survey? = nil, sentAt: Date? = nil, properties: [String: String] = [:]
  ) throws -> (token: SecretToken, invitation: Invitation, contact: Contact) {
    let now = clock.now()
    let contact = try store.upsertContact(
      ContactInput(email: email, name: name, locale: locale, properties: properties), now: now)
    let token = SecretToken.generate()
    let target = try survey ?? defaultSurvey
    let invitation = try store.createInvitation(
      NewInvitation(
        surveyID: target.id, contactID: contact.id, tokenHash: token.hashBytes, sendAfter: now),
      now: now)
    try store.markInvitationSent(
      id: invitation.id, messageID: "m\(invitation.id)@example.com", at: sentAt ?? now)
    return (token, try #require(try store.invitation(id: invitation.id)), contact)
  }

  func get(_ path: String, client: String = "198.51.100.7", headers: HTTPHeaders = [:]) throws
    -> Response
  {
    try send(.get, path, client: client, headers: headers)
  }

  func post(
    _ path: String, form: [(String, String)], client: String = "198.51.100.7"
  ) throws -> Response {
    try send(
      .post, path, client: client,
      headers: ["Content-Type": "application/x-www-form-urlencoded"],
      body: Array(SurveyPageFixture.encode(form).utf8))
  }

  func send(
    _ method: HTTPMethod, _ path: String, client: String = "198.51.100.7",
    headers: HTTPHeaders = [:], body: [UInt8] = [], responder: Responder? = nil
  ) throws -> Response {
    let request = try Request(
      method: method, target: path, headers: headers, body: body, clientAddress: client)
    return (responder ?? self.responder).response(for: request, logger: .disabled)
  }

  /// The signed hidden field of a page.
  static func signature(in response: Response) throws -> String {
    let html = String(decoding: response.body, as: UTF8.self)
    let marker = "name=\"sig\" value=\""
    let start = try #require(html.range(of: marker))
    let rest = html[start.upperBound...]
    return String(rest.prefix { $0 != "\"" })
  }

  /// `application/x-www-form-urlencoded` of the pairs (every byte outside A-Za-z0-9-._~
  /// escaped), written here independently of the server's decoder.
  static func encode(_ pairs: [(String, String)]) -> String {
    func escape(_ text: String) -> String {
      var out = ""
      for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
          UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
          UInt8(ascii: "_"), UInt8(ascii: "~"):
          out.unicodeScalars.append(Unicode.Scalar(byte))
        default:
          out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
        }
      }
      return out
    }
    return pairs.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
  }

  func auditActions() throws -> [String] {
    try store.auditLog(limit: 100).reversed().map(\.action)
  }

  func touches(_ invitation: Invitation) throws -> [SurveyTouch] {
    try store.surveyTouches(
      invitationID: invitation.id, from: .distantPast, through: .distantFuture)
  }

  func responseCount() throws -> Int {
    try store.responses(ResponseQuery(surveyID: try defaultSurvey.id, limit: 1000)).count
  }
}

extension String {
  fileprivate func leftPadded(_ width: Int) -> String {
    String(repeating: "0", count: max(0, width - count)) + self
  }
}

extension Response {
  var text: String { String(decoding: body, as: UTF8.self) }
}

/// Runs `body` with a fixture on a fresh store of `kind`.
func withSurveyPages(
  _ kind: StoreKind = .sqlite, settings: SurveyPageSettings = SurveyPageSettings(),
  _ body: (SurveyPageFixture) throws -> Void
) throws {
  try withTestDatabaseURL(kind) { url in
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("survey-pages-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try StoreFactory.open(url: url, migrate: true)
    defer { store.close() }
    let clock = ManualClock(SurveyPageFixture.start)
    let configuration = ServiceConfiguration(
      dataDirectory: folder.path, databaseURL: url, baseURL: "https://nps.example.com")
    let context = ServiceContext(
      configuration: configuration, store: store,
      mail: try OutboxTransport(folder: folder.appendingPathComponent("outbox")), clock: clock,
      secret: .random(), logger: .disabled)
    let responder: Responder
    if settings == SurveyPageSettings() {
      responder = SurveyApplication.responder(context)
    } else {
      var router = Router()
      SurveyPageRoutes.register(in: &router, context: context, settings: settings)
      responder = router.buildResponder()
    }
    try body(
      SurveyPageFixture(
        store: store, clock: clock, context: context, responder: responder, folder: folder))
  }
}
