import HTTPServer

/// The frame of every survey page: a small, accessible HTML document with the stylesheet and
/// script served from this site (`/assets/…`), and the headers token pages need.
enum SurveyPageLayout {
  /// The company name and colour shown at the top.
  struct Brand: Sendable {
    var name: String
    var colour: SurveyEmail.BrandColour

    init(_ visit: SurveyVisit) {
      name = visit.company
      colour = visit.colour
    }
  }

  static func document(
    language: SurveyLanguage, title: String, brand: Brand?, body: HTML, script: Bool = false
  ) -> HTML {
    let colour = brand?.colour ?? .standard
    let style = "--brand:\(colour.hex);--on-brand:\(colour.textColour)"
    let heading: HTML =
      brand.map { $0.name.isEmpty ? "" : "<p class=\"brand\">\($0.name)</p>" } ?? ""
    let scriptTag: HTML =
      script ? "<script src=\"\(SurveyAssets.scriptPath)\" defer></script>\n" : ""
    return """
      <!DOCTYPE html>
      <html lang="\(language.tag)">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="robots" content="noindex, nofollow">
      <meta name="referrer" content="no-referrer">
      <title>\(title)</title>
      <link rel="stylesheet" href="\(SurveyAssets.stylePath)">
      \(scriptTag)</head>
      <body style="\(style)">
      <main>
      <div class="card">
      \(heading)
      \(body)
      </div>
      </main>
      </body>
      </html>

      """
  }

  /// The application's policy, plus `connect-src 'self'` so the page's script may POST the
  /// pick to this site (`default-src 'none'` would block `fetch`).
  static let contentSecurityPolicy =
    SurveyApplication.contentSecurityPolicy + "; connect-src 'self'"

  /// An HTML response for a token page: never cached or indexed, and no `Referer` leaves it
  /// (the URL holds the token).
  static func response(_ html: HTML, status: HTTPStatus = .ok) -> Response {
    var response = Response.html(html.rendered, status: status)
    response.headers["Content-Security-Policy"] = contentSecurityPolicy
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response
  }
}
