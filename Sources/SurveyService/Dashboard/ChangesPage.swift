import Foundation
import HTTPServer
import NPSCore
import Storage

/// `/dashboard/changes`: the logged changes with their impact (NPS in a window before against
/// after, default 30 days each), and a form to log one.
///
/// A change's date is a day in the company's time zone (`NPS_TIME_ZONE`): it is entered, stored
/// (as that day's first instant) and shown in that zone on every page, whatever zone the
/// report filter shows; the public page shows the same day.
enum ChangesPage {
  static func render(
    filter: ReportFilter, query: [String: String], who: SignedIn, context: ServiceContext
  ) throws -> DashboardResponse {
    let days = try QueryParameter.number(query, "window", in: 1...365) ?? 30
    let changes = try context.store.changes(surveyID: filter.survey.id).reversed()
    let publicIDs = try context.store.publicChangeIDs(surveyID: filter.survey.id)
    let back = "/dashboard/changes?" + filter.query(["window": String(days)])
    let rows = try changes.map { change -> HTML in
      let impact = try ChangeImpact.measure(
        change: change, surveyID: filter.survey.id, days: days, segment: filter.segment,
        store: context.store)
      let significant = impact.comparison?.isSignificant() ?? false
      let flag: HTML = significant ? " <span class=\"sig\">significant</span>" : ""
      let few: HTML =
        min(impact.before.n, impact.after.n) < 30
        ? " <span class=\"warn\">n &lt; 30 on a side</span>" : ""
      let delete: HTML =
        who.canEdit
        ? """
        <form method="post" action="/dashboard/changes/\(change.id)/delete">\
        <input type="hidden" name="csrf" value="\(who.csrfToken)"><input type="hidden" name="back" value="\(back)">\
        <button type="submit">Delete</button></form>
        """ : .empty
      return """
        <tr data-change="\(change.id)"><td>\(Format.day(change.changedAt, context.timeZone))</td>\
        <td><strong>\(change.title)</strong><br><span class="muted">\(change.description)</span></td>\
        <td>\(publicIDs.contains(change.id) ? "public" : "internal")</td>\
        <td class="num">\(Format.nps(impact.before.nps)) <span class="muted">(n = \(Format.count(impact.before.n)))</span></td>\
        <td class="num">\(Format.nps(impact.after.nps)) <span class="muted">(n = \(Format.count(impact.after.n)))</span></td>\
        <td class="num impact">\(Format.signed(impact.comparison?.difference))\(flag)\(few)</td>\
        <td class="num">\(Format.interval(impact.comparison?.interval))</td>\
        <td class="num">\(Format.pValue(impact.comparison?.pValue))</td><td>\(delete)</td></tr>
        """
    }
    let form: HTML =
      who.canEdit
      ? """
      <h2>Log a change</h2>
      <form method="post" action="/dashboard/changes" class="narrow">
      <input type="hidden" name="csrf" value="\(who.csrfToken)">
      <input type="hidden" name="survey" value="\(filter.survey.slug)">
      <input type="hidden" name="back" value="\(back)">
      <label>Title <input type="text" name="title" id="change-title" required maxlength="200"></label>
      <label>Description <textarea name="description" id="change-description" rows="3"></textarea></label>
      <label>Date (\(context.timeZone.displayName)) <input type="date" name="date" id="change-date" required></label>
      <label><span><input type="checkbox" name="public" value="1"> Show on the public page</span></label>
      <button type="submit" id="change-save">Log change</button>
      </form>
      """ : .empty
    let body: HTML = """
      <h1>Changes</h1>
      \(filter.form(action: "/dashboard/changes", segmentNames: try context.store.segmentNames(surveyID: filter.survey.id), extra: "<label>Window (days) <input type=\"number\" name=\"window\" min=\"1\" max=\"365\" value=\"\(days)\"></label>"))
      <p class="muted">Impact: NPS in the \(days) days after the change minus the \(days) days before, \
      with its 95% interval and p-value.</p>
      <table id="changes"><thead><tr><th>Date (\(context.timeZone.displayName))</th><th>Change</th><th>Shown</th><th class="num">Before</th>\
      <th class="num">After</th><th class="num">Difference</th><th class="num">95% CI</th><th class="num">p-value</th><th></th></tr></thead>
      <tbody>\(rows)</tbody></table>
      \(form)
      """
    return DashboardLayout.response(
      title: "Changes", who: who, body: body, active: "/dashboard/changes", query: filter.query())
  }

  /// The longest description of a change, in characters.
  static let descriptionLength = 5000

  /// POST `/dashboard/changes`: the date is a day in the company's zone.
  static func create(form: FormFields, who: SignedIn, context: ServiceContext) throws
    -> DashboardResponse
  {
    let title = (form["title"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    guard !title.isEmpty, title.count <= 200 else {
      throw HTTPError.badRequest("A change needs a title (at most 200 characters).")
    }
    guard let survey = try context.store.survey(slug: form["survey"] ?? "") else {
      throw HTTPError.badRequest("Unknown survey.")
    }
    let description = (form["description"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    guard description.count <= descriptionLength else {
      throw HTTPError.badRequest(
        "description: must be at most \(descriptionLength) characters (got \(description.count)). "
          + "Nothing was saved.")
    }
    let date = try ReportFilter.day(
      form["date"] ?? "", PeriodCalendar(timeZone: context.timeZone), offset: 0)
    let now = context.clock.now()
    let change = try context.store.createChange(
      Change(
        surveyID: survey.id, title: title, description: description, changedAt: date,
        createdAt: now))
    if form["public"] == "1" { try context.store.setChangePublic(id: change.id, isPublic: true) }
    try context.audit(who, "change.create", target: "change:\(change.id)", at: now)
    return .redirect(to: QueryString.safeNext(form["back"] ?? "/dashboard/changes"))
  }
}
