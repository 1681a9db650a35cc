import Foundation
import Testing

@testable import HTTPServer

@Suite struct RequestTests {
  @Test func targetIsSplitIntoDecodedSegmentsAndQuery() throws {
    let request = try Request(
      method: .get, target: "/hello/Jos%C3%A9/a+b?a=1&b=x+y&c=%E2%82%AC&a=2&flag")
    #expect(request.rawPath == "/hello/Jos%C3%A9/a+b")
    // In a path, + is a plus sign; only the query treats it as a space.
    #expect(request.pathSegments == ["hello", "José", "a+b"])
    #expect(request.path == "/hello/José/a+b")
    #expect(request.rawQuery == "a=1&b=x+y&c=%E2%82%AC&a=2&flag")
    // Expected pairs from Python's urllib.parse.parse_qsl(keep_blank_values=True).
    #expect(
      request.query.items.map { [$0.name, $0.value] } == [
        ["a", "1"], ["b", "x y"], ["c", "€"], ["a", "2"], ["flag", ""],
      ])
    #expect(request.query["a"] == "1")
    #expect(request.query.values(for: "a") == ["1", "2"])
  }

  @Test func noQueryMeansNil() throws {
    let request = try Request(method: .get, target: "/x")
    #expect(request.rawQuery == nil)
    #expect(request.query.items.isEmpty)
    let empty = try Request(method: .get, target: "/x?")
    #expect(empty.rawQuery == "")
  }

  @Test(arguments: ["/bad%zz", "/bad%C3", "/bad%", "/x?a=%E2%82"])
  func malformedEscapesAreBadRequests(target: String) {
    #expect(throws: HTTPError.self) { try Request(method: .get, target: target) }
    do {
      _ = try Request(method: .get, target: target)
    } catch {
      #expect(error.status.code == 400)
    }
  }

  @Test func absoluteFormTargetKeepsOnlyThePath() throws {
    let request = try Request(method: .get, target: "http://example.com/a/b?x=1")
    #expect(request.pathSegments == ["a", "b"])
    #expect(request.query["x"] == "1")
  }

  @Test func headersAreCaseInsensitiveAndKeepOrder() throws {
    var headers: HTTPHeaders = ["Content-Type": "text/plain"]
    headers.add(name: "X-Tag", value: "one")
    headers.add(name: "x-tag", value: "two")
    #expect(headers["content-TYPE"] == "text/plain")
    #expect(headers.values(for: "X-TAG") == ["one", "two"])
    headers["X-Tag"] = "three"
    #expect(headers.values(for: "x-tag") == ["three"])
    headers["content-type"] = nil
    #expect(headers.count == 1)
  }

  @Test func cookiesAreParsedFirstOccurrenceWins() throws {
    let request = try Request(
      method: .get, target: "/",
      headers: HTTPHeaders([
        ("Cookie", "sid=abc; theme=\"dark\"; sid=later"), ("cookie", "lang=pt"),
      ]))
    #expect(request.cookies == ["sid": "abc", "theme": "dark", "lang": "pt"])
  }

  @Test func formBodyIsDecodedWithPlusAsSpace() throws {
    let request = try Request(
      method: .post, target: "/f",
      headers: ["Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"],
      body: Array("name=Ana+Mar%C3%ADa&score=9&comment=a%26b%3Dc".utf8))
    let form = try request.formFields()
    #expect(form["name"] == "Ana María")
    #expect(form["score"] == "9")
    #expect(form["comment"] == "a&b=c")
    #expect(throws: HTTPError.badRequest("Missing field missing")) { try form.require("missing") }
  }

  @Test func formWithWrongContentTypeIsUnsupported() throws {
    let request = try Request(
      method: .post, target: "/f", headers: ["Content-Type": "application/json"],
      body: Array("a=1".utf8))
    #expect(throws: HTTPError.self) { try request.formFields() }
    do {
      _ = try request.formFields()
    } catch {
      #expect(error.status.code == 415)
    }
  }

  struct Vote: Decodable, Equatable {
    let score: Int
    let comment: String?
  }

  @Test func jsonBodyDecodes() throws {
    let request = try Request(
      method: .post, target: "/j", headers: ["Content-Type": "application/json"],
      body: Array(#"{"score": 7, "comment": "Ótimo"}"#.utf8))
    #expect(try request.decodeJSON(Vote.self) == Vote(score: 7, comment: "Ótimo"))
  }

  @Test func invalidJsonIsBadRequestWithoutDetail() throws {
    let request = try Request(
      method: .post, target: "/j", headers: ["Content-Type": "application/json"],
      body: Array(#"{"score": "seven"}"#.utf8))
    #expect(throws: HTTPError.badRequest("Invalid JSON body")) {
      try request.decodeJSON(Vote.self)
    }
  }
}
