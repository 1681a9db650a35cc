import Foundation
import HTTPServer
import NPSCore
import Storage

/// `/p/:slug`: a survey's public page, off unless the survey enables it: the NPS of the last
/// 90 days with its interval, the monthly trend of the last 12 months and the public changes.
/// Only aggregates: no comments, names or segments.
enum PublicPage {
  static func render(slug: String, context: ServiceContext) throws -> DashboardResponse {
    guard let survey = try context.store.survey(slug: slug), survey.publicPage else {
      throw HTTPError(.notFound)
    }
    let now = context.clock.now()
    let calendar = PeriodCalendar(timeZone: context.timeZone)
    let today = calendar.period(.day, containing: now)
    let recent = today.end.addingTimeInterval(-90 * 86400)..<today.end
    let firstMonth = calendar.period(.month, containing: now.addingTimeInterval(-335 * 86400))
    let periods = calendar.periods(.month, from: firstMonth.start, to: today.end)
    let tallies = try context.store.tallies(
      surveyID: survey.id, ranges: [recent] + periods.map { $0.start..<$0.end }, segment: nil)
    let current = tallies[0]
    let publicIDs = try context.store.publicChangeIDs(surveyID: survey.id)
    let changes = try context.store.changes(surveyID: survey.id).filter {
      publicIDs.contains($0.id)
    }
    let chart = TrendChart.svg(
      points: zip(periods, tallies.dropFirst()).map { TrendPoint(period: $0, tally: $1) },
      changes: changes.filter { $0.changedAt >= firstMonth.start }.map {
        ChangeMark(date: $0.changedAt, title: $0.title)
      }, label: "NPS by month")
    let warning: HTML? =
      current.n > 0 && current.n < 30
      ? "<p class=\"warn\">Fewer than 30 responses: a rough indication.</p>" : nil
    let list = changes.reversed().map { change -> HTML in
      "<li><strong>\(Format.day(change.changedAt, context.timeZone))</strong> \(change.title)<br>\(change.description)</li>"
    }
    let name = survey.brandName.isEmpty ? survey.name : survey.brandName
    let body: HTML = """
      <h1>\(name): Net Promoter Score</h1>
      <div class="card"><div class="muted">Last 90 days</div><div class="big" id="nps">\(Format.nps(current.nps))</div>\
      <div class="muted">95% interval \(Format.interval(current.interval())), \(Format.count(current.n)) responses</div></div>
      \(warning)<h2>By month</h2>\(chart)
      <h2>What we changed</h2><ul>\(list.isEmpty ? ["<li>Nothing published yet.</li>" as HTML] : list)</ul>
      """
    return DashboardLayout.response(title: name, who: nil, body: body)
  }
}
