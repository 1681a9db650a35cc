import Foundation
import NPSCore
import Storage

/// `/dashboard`: NPS with its interval and n, the split, response and comment rates, and the
/// trend with the interval band and the logged changes.
enum OverviewPage {
  static func render(filter: ReportFilter, who: SignedIn, context: ServiceContext) throws
    -> DashboardResponse
  {
    let store = context.store
    let surveyID = filter.survey.id
    let periods = filter.periods
    let tallies = try store.tallies(
      surveyID: surveyID, ranges: [filter.range] + periods.map { $0.start..<$0.end },
      segment: filter.segment)
    let total = tallies[0]
    let points = zip(periods, tallies.dropFirst()).map { TrendPoint(period: $0, tally: $1) }
    let rate = try store.responseRate(surveyID: surveyID, range: filter.range)
    let comments =
      filter.segment == nil ? try store.commentCount(surveyID: surveyID, range: filter.range) : nil
    let changes = try store.changes(surveyID: surveyID).filter {
      filter.range.contains($0.changedAt)
    }
    let names = try store.segmentNames(surveyID: surveyID)
    let interval = total.interval()
    let warning: HTML? =
      total.n > 0 && total.n < 30
      ? "<p class=\"warn\" role=\"alert\">Only \(Format.count(total.n, "response", "responses")): the margin is wide; read the score as a rough indication.</p>"
      : nil
    let marginText = interval.map { "± " + Format.nps($0.margin) } ?? Format.dash
    let split = splitBar(total)
    let responseRate =
      rate.sent > 0 ? Format.percent(Double(rate.responded) / Double(rate.sent)) : Format.dash
    let commentRate =
      comments.map { total.n > 0 ? Format.percent(Double($0) / Double(total.n)) : Format.dash }
      ?? Format.dash
    let chart = TrendChart.svg(
      points: points, changes: changes.map { ChangeMark(date: $0.changedAt, title: $0.title) },
      label: "NPS by \(filter.granularity.rawValue) with its 95% interval")
    let rows = points.map { point -> HTML in
      let few: HTML =
        point.tally.n > 0 && point.tally.n < 30 ? " <span class=\"warn\">n &lt; 30</span>" : ""
      return """
        <tr><td>\(point.period.label)</td><td class="num">\(Format.count(point.tally.n))</td>\
        <td class="num">\(Format.nps(point.tally.nps))</td>\
        <td class="num">\(Format.interval(point.tally.interval()))</td><td>\(few)</td></tr>
        """
    }
    let changeList = changes.enumerated().map { index, change -> HTML in
      "<li>\(index + 1). \(Format.day(change.changedAt, filter.timeZone)) — \(change.title)</li>"
    }
    let body: HTML = """
      <h1>Overview</h1>
      \(filter.form(action: "/dashboard", segmentNames: names))\(filter.caption)\(warning)
      <div class="cards">
      <div class="card"><div class="muted">NPS</div><div class="big" id="nps" data-nps="\(total.nps.map { String(format: "%.2f", $0) } ?? "")">\(Format.nps(total.nps))</div>\
      <div class="muted" id="margin">\(marginText) · 95% CI \(Format.interval(interval))</div></div>
      <div class="card"><div class="muted">Responses</div><div class="big" id="n">\(Format.count(total.n))</div></div>
      <div class="card"><div class="muted">Response rate</div><div class="big">\(responseRate)</div>\
      <div class="muted">\(Format.count(rate.responded)) of \(Format.count(rate.sent)) invitations sent</div></div>
      <div class="card"><div class="muted">Comment rate</div><div class="big">\(commentRate)</div></div>
      </div>
      <h2>Promoters, passives, detractors</h2>\(split)
      <h2>Trend by \(filter.granularity.rawValue)</h2>
      \(chart)
      \(changeList.isEmpty ? HTML.empty : "<ol class=\"muted\">\(changeList)</ol>" as HTML)
      <table id="trend"><thead><tr><th>Period</th><th class="num">n</th><th class="num">NPS</th><th class="num">95% CI</th><th></th></tr></thead>
      <tbody>\(rows)</tbody></table>
      <p><a href="/dashboard/export.csv?\(filter.query())" id="export">Download the responses (CSV)</a> · \
      <a href="/dashboard/export.csv?\(filter.query(["bom": "1"]))">for Excel (with BOM)</a></p>
      """
    return DashboardLayout.response(
      title: "Overview", who: who, body: body, active: "/dashboard", query: filter.query())
  }

  /// The promoter / passive / detractor split as a bar and numbers.
  static func splitBar(_ tally: Tally) -> HTML {
    guard tally.n > 0 else { return "<p>\(Format.dash) (no responses)</p>" }
    let parts: [(Category, String)] = [
      (.promoter, "#2da44e"), (.passive, "#bf8700"), (.detractor, "#cf222e"),
    ]
    let spans = parts.map { category, colour -> HTML in
      let share = tally.share(of: category) ?? 0
      return
        "<span style=\"width:\(String(format: "%.2f", share * 100))%;background:\(colour)\" title=\"\(category.plural)\"></span>"
    }
    let numbers = parts.map { category, _ -> HTML in
      "<li id=\"\(category.plural)\">\(category.plural.capitalized): \(Format.count(tally[category])) (\(Format.percent(tally.share(of: category))))</li>"
    }
    return "<div class=\"bar\">\(spans)</div><ul>\(numbers)</ul>"
  }
}
