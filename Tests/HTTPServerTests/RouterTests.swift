import Testing

@testable import HTTPServer

@Suite struct RouterTests {
  /// A router with a few routes, each answering with text that names the route and its values.
  static func sampleResponder() -> Responder {
    var router = Router()
    router.get("/s/:token/:score") { request in
      let token = try request.parameters.require("token")
      let score = try request.parameters.require("score", as: Int.self)
      return .text("survey \(token) \(score)")
    }
    router.get("/s/new/:score") { request in
      .text("literal new \(request.parameters["score"] ?? "")")
    }
    router.post("/api/v1/interactions") { _ in .text("created", status: .created) }
    router.get("/api/v1/interactions") { _ in .text("list") }
    router.get("/static/*") { request in .text("file \(request.parameters["*"] ?? "")") }
    router.get("/") { _ in .text("home") }
    return router.buildResponder()
  }

  func request(_ method: HTTPMethod, _ target: String) throws -> Request {
    try Request(method: method, target: target)
  }

  @Test func pathParametersAreCapturedAndConverted() throws {
    let response = try Self.sampleResponder().respond(to: request(.get, "/s/abc123/9"))
    #expect(response.status == .ok)
    #expect(String(decoding: response.body, as: UTF8.self) == "survey abc123 9")
  }

  @Test func parameterThatDoesNotConvertIsABadRequest() throws {
    let response = Self.sampleResponder().response(for: try request(.get, "/s/abc/ten"))
    #expect(response.status.code == 400)
    #expect(String(decoding: response.body, as: UTF8.self) == "Invalid path parameter score")
  }

  @Test func literalSegmentWinsOverParameter() throws {
    let response = try Self.sampleResponder().respond(to: request(.get, "/s/new/7"))
    #expect(String(decoding: response.body, as: UTF8.self) == "literal new 7")
  }

  @Test func parametersArePercentDecoded() throws {
    // "a b/c" with the slash escaped stays one segment.
    let response = try Self.sampleResponder().respond(to: request(.get, "/s/a%20b%2Fc/3"))
    #expect(String(decoding: response.body, as: UTF8.self) == "survey a b/c 3")
  }

  @Test func wildcardCapturesTheRest() throws {
    let responder = Self.sampleResponder()
    let nested = try responder.respond(to: request(.get, "/static/css/app.css"))
    #expect(String(decoding: nested.body, as: UTF8.self) == "file css/app.css")
    let bare = try responder.respond(to: request(.get, "/static"))
    #expect(String(decoding: bare.body, as: UTF8.self) == "file ")
  }

  @Test func emptySegmentsAndTrailingSlashAreIgnored() throws {
    let response = try Self.sampleResponder().respond(to: request(.get, "//api/v1//interactions/"))
    #expect(String(decoding: response.body, as: UTF8.self) == "list")
    let root = try Self.sampleResponder().respond(to: request(.get, "/"))
    #expect(String(decoding: root.body, as: UTF8.self) == "home")
  }

  @Test func unknownPathIsNotFound() throws {
    let responder = Self.sampleResponder()
    #expect(throws: HTTPError(.notFound)) {
      try responder.respond(to: try request(.get, "/nothing/here"))
    }
    let response = responder.response(for: try request(.get, "/s/only-one-segment"))
    #expect(response.status.code == 404)
    #expect(String(decoding: response.body, as: UTF8.self) == "Not Found")
  }

  @Test func knownPathWithOtherMethodIsMethodNotAllowedWithAllow() throws {
    let responder = Self.sampleResponder()
    let response = responder.response(for: try request(.delete, "/api/v1/interactions"))
    #expect(response.status.code == 405)
    #expect(response.headers["allow"] == "GET, HEAD, POST")
    let postOnly = responder.response(for: try request(.put, "/s/abc/1"))
    #expect(postOnly.status.code == 405)
    #expect(postOnly.headers["Allow"] == "GET, HEAD")
  }

  @Test func headIsAnsweredByTheGetHandler() throws {
    let responder = Self.sampleResponder()
    let get = try responder.respond(to: request(.get, "/s/tok/10"))
    let head = try responder.respond(to: request(.head, "/s/tok/10"))
    // The responder returns the GET response; the server leaves the body off the wire.
    #expect(head == get)
  }

  @Test func explicitHeadRouteWins() throws {
    var router = Router()
    router.get("/x") { _ in .text("get") }
    router.on(.head, "/x") { _ in .empty(status: .ok) }
    let head = try router.buildResponder().respond(to: request(.head, "/x"))
    #expect(head.body.isEmpty)
  }

  @Test func responderIsFrozen() throws {
    var router = Router()
    router.get("/a") { _ in .text("a") }
    let responder = router.buildResponder()
    router.get("/b") { _ in .text("b") }
    #expect(responder.response(for: try request(.get, "/b")).status.code == 404)
  }

  @Test func wrappingAddsBehaviourAroundEveryRequest() throws {
    let wrapped = Self.sampleResponder().wrapped { request, next in
      var response = try next.respond(to: request)
      response.headers["Cache-Control"] = "no-store"
      return response
    }
    let found = try wrapped.respond(to: request(.get, "/"))
    #expect(found.headers["cache-control"] == "no-store")
  }

  @Test func unexpectedErrorBecomesPlain500AndDetailGoesToTheLog() throws {
    struct Secret: Error { let password = "hunter2" }
    var router = Router()
    router.get("/boom") { _ in throw Secret() }
    let log = LogRecorder()
    let response = router.buildResponder().response(
      for: try request(.get, "/boom"), logger: log.logger)
    #expect(response.status.code == 500)
    #expect(String(decoding: response.body, as: UTF8.self) == "Internal Server Error")
    #expect(log.all.contains { $0.hasPrefix("error ") && $0.contains("hunter2") })
  }

  @Test func httpResponseErrorKeepsItsStatusAndHeaders() throws {
    var router = Router()
    router.get("/private") { _ in
      throw HTTPError(
        .unauthorized, message: "Log in first", headers: ["WWW-Authenticate": "Bearer"])
    }
    let response = router.buildResponder().response(for: try request(.get, "/private"))
    #expect(response.status.code == 401)
    #expect(response.headers["WWW-Authenticate"] == "Bearer")
    #expect(String(decoding: response.body, as: UTF8.self) == "Log in first")
  }
}
