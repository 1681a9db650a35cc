import Foundation
import Testing

@testable import HTTPServer

@Suite struct ResponseTests {
  @Test func cookieRendersEveryAttribute() throws {
    // 784111777 is RFC 9110's example date, Sun, 06 Nov 1994 08:49:37 GMT.
    let cookie = try Cookie(
      name: "sid", value: "abc123", path: "/admin", domain: "example.com", maxAge: 3600,
      expires: Date(timeIntervalSince1970: 784_111_777), secure: true, httpOnly: true,
      sameSite: .strict)
    #expect(
      cookie.headerValue
        == "sid=abc123; Path=/admin; Domain=example.com; Max-Age=3600; "
        + "Expires=Sun, 06 Nov 1994 08:49:37 GMT; Secure; HttpOnly; SameSite=Strict")
  }

  @Test func cookieDefaultsAreSafe() throws {
    let cookie = try Cookie(name: "theme", value: "dark")
    #expect(cookie.headerValue == "theme=dark; Path=/; HttpOnly; SameSite=Lax")
  }

  @Test func removalCookieExpiresAtOnce() throws {
    let cookie = try Cookie.removal(name: "sid")
    #expect(
      cookie.headerValue
        == "sid=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax")
  }

  @Test(arguments: [
    ("bad name", "v", "name"), ("n", "a;b", "value"), ("n", "a b", "value"),
    ("n", "\"q\"", "value"), ("", "v", "name"),
  ])
  func invalidCookiesAreRejected(name: String, value: String, part: String) {
    #expect(throws: Cookie.InvalidCookie(part: part)) { try Cookie(name: name, value: value) }
  }

  /// Expected strings from Python's email.utils.formatdate(t, usegmt=True).
  @Test(arguments: [
    (0.0, "Thu, 01 Jan 1970 00:00:00 GMT"),
    (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
    (1_709_251_199, "Thu, 29 Feb 2024 23:59:59 GMT"),
    (-86_401, "Tue, 30 Dec 1969 23:59:59 GMT"),
    (4_102_444_800, "Fri, 01 Jan 2100 00:00:00 GMT"),
  ])
  func httpDates(seconds: Double, expected: String) {
    #expect(HTTPDate.format(Date(timeIntervalSince1970: seconds)) == expected)
  }

  @Test func conveniences() throws {
    let html = Response.html("<p>é</p>")
    #expect(html.headers["Content-Type"] == "text/html; charset=utf-8")
    #expect(html.body == [60, 112, 62, 0xC3, 0xA9, 60, 47, 112, 62])
    let redirect = Response.redirect(to: "/thanks")
    #expect(redirect.status.code == 303)
    #expect(redirect.headers["Location"] == "/thanks")
    #expect(Response.empty().status.code == 204)
    struct Figure: Encodable {
      let nps: Double
      let n: Int
    }
    let json = try Response.json(Figure(nps: 30.5, n: 10), status: .created)
    #expect(json.status.code == 201)
    #expect(String(decoding: json.body, as: UTF8.self) == #"{"n":10,"nps":30.5}"#)
  }

  @Test func severalCookiesGiveSeveralFields() throws {
    var response = Response.text("ok")
    response.setCookie(try Cookie(name: "a", value: "1"))
    response.setCookie(try Cookie(name: "b", value: "2"))
    #expect(response.headers.values(for: "set-cookie").count == 2)
  }
}
