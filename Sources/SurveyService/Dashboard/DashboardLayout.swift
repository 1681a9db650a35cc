import HTTPServer

/// The frame of every dashboard page: head with the page's own styles (no external assets),
/// navigation keeping the report's query, the signed-in user and a logout form.
enum DashboardLayout {
  static let style = """
    body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f8fa}
    header{background:#24292f;color:#fff;padding:.5rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
    header a{color:#fff;text-decoration:none}header a.on{text-decoration:underline}
    header form{margin-left:auto}main{padding:1rem;max-width:72rem}
    table{border-collapse:collapse;background:#fff}td,th{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left}
    td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
    .warn{background:#fff8c5;border:1px solid #d4a72c;padding:.4rem .6rem}
    .big{font-size:2.4rem;font-weight:600}.muted{color:#57606a}.sig{font-weight:600;color:#8250df}
    .cards{display:flex;gap:1rem;flex-wrap:wrap}.card{background:#fff;border:1px solid #d0d7de;padding:.75rem 1rem;min-width:11rem}
    form.filters{display:flex;gap:.5rem;flex-wrap:wrap;align-items:end;margin:.5rem 0 1rem}
    form.narrow{display:grid;gap:.5rem;max-width:24rem}label{display:grid;gap:.1rem}
    .comment{background:#fff;border:1px solid #d0d7de;padding:.5rem;margin:.5rem 0;white-space:pre-wrap}
    svg{background:#fff;border:1px solid #d0d7de;max-width:100%;height:auto}
    .bar{display:flex;height:1.2rem;max-width:30rem}.bar span{display:block}
    """

  struct Tab {
    let path: String
    let label: String
  }

  static let tabs = [
    Tab(path: "/dashboard", label: "Overview"), Tab(path: "/dashboard/segments", label: "Segments"),
    Tab(path: "/dashboard/comments", label: "Comments"),
    Tab(path: "/dashboard/followups", label: "Follow-ups"),
    Tab(path: "/dashboard/changes", label: "Changes"),
    Tab(path: "/dashboard/settings", label: "Settings"),
  ]
  /// Shown to admins only, without the report's query.
  static let adminTabs = [Tab(path: "/dashboard/audit", label: "Audit log")]

  /// A complete page. `active` is the path of the current tab; `query` is kept in tab links.
  static func page(
    title: String, who: SignedIn?, body: HTML, active: String = "", query: String = ""
  ) -> HTML {
    var header: HTML = "<header><strong>NPS</strong>"
    if let who {
      let suffix = query.isEmpty ? "" : "?" + query
      for tab in tabs {
        let on: HTML = tab.path == active ? " class=\"on\" aria-current=\"page\"" : ""
        header = header + "<a href=\"\(tab.path + suffix)\"\(on)>\(tab.label)</a>"
      }
      for tab in who.isAdmin ? adminTabs : [] {
        let on: HTML = tab.path == active ? " class=\"on\" aria-current=\"page\"" : ""
        header = header + "<a href=\"\(tab.path)\"\(on)>\(tab.label)</a>"
      }
      header =
        header + """
          <form method="post" action="/logout"><a href="/dashboard/account" id="account">\(who.user.email)</a> \
          <span class="muted">(\(who.role.rawValue))</span> <input type="hidden" name="csrf" value="\(who.csrfToken)">\
          <button type="submit" id="logout">Log out</button></form>
          """
    }
    header = header + "</header>"
    return """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>\(title) · NPS</title><style>\(HTML(trusted: style))</style></head>
      <body>\(header)<main>\(body)</main></body></html>
      """
  }

  static func response(
    title: String, who: SignedIn?, body: HTML, active: String = "", query: String = "",
    status: HTTPStatus = .ok
  ) -> DashboardResponse {
    .html(
      page(title: title, who: who, body: body, active: active, query: query).rendered,
      status: status)
  }
}
