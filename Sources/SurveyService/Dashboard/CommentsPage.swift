import Foundation
import NPSCore
import Storage

/// `/dashboard/comments`: comments filtered by category, segment and period, full-text search,
/// and the themes of detractors' comments against promoters'.
enum CommentsPage {
  static let pageSize = 50
  /// Comments per group read for the themes (the newest).
  static let themeSample = 2000
  /// A search counts its matches up to this many, then says "more than".
  static let countLimit = 1000

  static func render(
    filter: ReportFilter, query: [String: String], who: SignedIn, context: ServiceContext
  ) throws -> DashboardResponse {
    let category = try QueryParameter.choice(
      query, "category", allowed: Category.allCases.map(\.rawValue)
    ).flatMap(Category.init(rawValue:))
    // A search without a letter or digit (only spaces or punctuation) is no search, as an
    // empty one: every comment, without a count of matches.
    let search = query["q"].flatMap { ResponseQuery.searchWords($0) == nil ? nil : $0 }
    let page = try QueryParameter.number(query, "page", in: 0...1_000_000) ?? 0
    let query = ResponseQuery(
      surveyID: filter.survey.id, range: filter.range, category: category,
      segment: filter.segment, search: search, withCommentOnly: true, limit: pageSize + 1,
      offset: page * pageSize)
    let responses: [SurveyResponse]
    let matches: HTML
    if search != nil {
      // The page and the count of a search, planned once.
      let found = try context.store.responsePage(query, countUpTo: countLimit + 1)
      responses = found.responses
      let count = found.count
      let text =
        count > countLimit
        ? "More than \(Format.count(countLimit)) matches"
        : "\(Format.count(count)) \(count == 1 ? "match" : "matches")"
      matches = "<p id=\"match-count\">\(text), newest first.</p>"
    } else {
      responses = try context.store.responses(query)
      matches = .empty
    }
    let names = try context.store.segmentNames(surveyID: filter.survey.id)
    let categoryOptions = [("", "all")] + Category.allCases.map { ($0.rawValue, $0.plural) }
    let options = categoryOptions.map { value, label -> HTML in
      let selected: HTML = value == (category?.rawValue ?? "") ? " selected" : ""
      return "<option value=\"\(value)\"\(selected)>\(label)</option>"
    }
    let extra: HTML = """
      <label>Category <select name="category" id="category">\(options)</select></label>
      <label>Search <input type="search" name="q" id="q" value="\(search ?? "")"></label>
      """
    let items = responses.prefix(pageSize).map { response -> HTML in
      item(response, zone: filter.timeZone)
    }
    var pager: HTML = .empty
    let base = [
      "category": category?.rawValue, "q": search,
    ]
    if page > 0 {
      pager =
        pager
        + "<a href=\"/dashboard/comments?\(filter.query(base.merging(["page": String(page - 1)]) { $1 }))\">Newer</a> "
    }
    if responses.count > pageSize {
      pager =
        pager
        + "<a href=\"/dashboard/comments?\(filter.query(base.merging(["page": String(page + 1)]) { $1 }))\">Older</a>"
    }
    let themes = try themesSection(filter: filter, context: context)
    let body: HTML = """
      <h1>Comments</h1>
      \(filter.form(action: "/dashboard/comments", segmentNames: names, extra: extra))\(filter.caption)
      \(themes)
      <h2>Comments</h2>
      \(matches)
      <div id="comments">\(items.isEmpty ? ["<p>No comments match.</p>" as HTML] : Array(items))</div>
      <p>\(pager)</p>
      """
    return DashboardLayout.response(
      title: "Comments", who: who, body: body, active: "/dashboard/comments", query: filter.query())
  }

  static func item(_ response: SurveyResponse, zone: TimeZone) -> HTML {
    let properties = response.properties.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
      .joined(separator: " · ")
    return """
      <div class="comment" data-response="\(response.id)"><a href="/dashboard/responses/\(response.id)">\
      \(response.score.value) · \(response.score.category.rawValue) · \(Format.minute(response.respondedAt, zone))</a> \
      <span class="muted">\(properties)</span>
      <div class="text">\(response.comment ?? "")</div></div>
      """
  }

  static func themesSection(filter: ReportFilter, context: ServiceContext) throws -> HTML {
    let none: HTML =
      "<p class=\"muted\">Themes need comments from both detractors and promoters.</p>"
    // The rollups tell at once when a side has no responses at all (an empty segment or
    // period); the comment query would otherwise step over every comment of the period.
    let tally = try context.store.tallies(
      surveyID: filter.survey.id, ranges: [filter.range], segment: filter.segment)[0]
    guard tally.detractors > 0, tally.promoters > 0 else { return none }
    func comments(_ category: Category) throws -> [ThemeComment] {
      try context.store.commentTexts(
        surveyID: filter.survey.id, range: filter.range, category: category,
        segment: filter.segment, limit: themeSample)
    }
    let detractors = try comments(.detractor)
    let promoters = try comments(.promoter)
    guard !detractors.isEmpty, !promoters.isEmpty else { return none }
    let comparison = CommentThemes.compare(detractors, promoters, tokenizer: .multilingual)
    func list(_ themes: [CommentTheme], _ id: String, _ group: String, _ other: String) -> HTML {
      guard !themes.isEmpty else { return "<p class=\"muted\">None stands out.</p>" }
      let rows = themes.map { theme -> HTML in
        let link = "/dashboard/comments?" + filter.query(["q": theme.term])
        return """
          <tr><td><a href="\(link)">\(theme.term)</a></td><td class="num">\(theme.count)</td>\
          <td class="num">\(theme.otherCount)</td><td class="num">\(String(format: "%.1f", theme.z))</td></tr>
          """
      }
      return """
        <table id="\(id)"><thead><tr><th>word or phrase</th><th class="num">\(group) comments</th>\
        <th class="num">\(other) comments</th><th class="num">z</th></tr></thead><tbody>\(rows)</tbody></table>
        """
    }
    return """
      <h2>Themes</h2>
      <p class="muted">Words and two-word phrases most over-represented in one group's comments \
      (log odds ratio over its standard error), from the newest \(Format.count(comparison.firstComments)) \
      detractor and \(Format.count(comparison.secondComments)) promoter comments.</p>
      <div class="cards"><div><h3>Detractors more than promoters</h3>\
      \(list(comparison.first, "themes-detractors", "detractor", "promoter"))</div>
      <div><h3>Promoters more than detractors</h3>\
      \(list(comparison.second, "themes-promoters", "promoter", "detractor"))</div></div>
      """
  }
}
