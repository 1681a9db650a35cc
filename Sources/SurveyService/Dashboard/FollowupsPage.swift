import Foundation
import HTTPServer
import NPSCore
import Storage

/// `/dashboard/followups`: the detractors of the period with their follow-up status and owner;
/// `/dashboard/responses/:id`: one response, its properties and its follow-up form.
enum FollowupsPage {
  static func render(
    filter: ReportFilter, query: [String: String], who: SignedIn, context: ServiceContext
  ) throws -> DashboardResponse {
    let status = try QueryParameter.choice(
      query, "status", allowed: FollowupStatus.allCases.map(\.rawValue)
    ).flatMap(FollowupStatus.init(rawValue:))
    let detractors = try context.store.responses(
      ResponseQuery(
        surveyID: filter.survey.id, range: filter.range, category: .detractor,
        segment: filter.segment, limit: 500))
    let followups = try context.store.followups(responseIDs: detractors.map(\.id))
    let users = Dictionary(uniqueKeysWithValues: try context.store.users().map { ($0.id, $0) })
    let shown = detractors.filter { status == nil || (followups[$0.id]?.status ?? .new) == status }
    let names = try context.store.segmentNames(surveyID: filter.survey.id)
    let statusOptions = ([nil] + FollowupStatus.allCases).map { option -> HTML in
      let selected: HTML = option == status ? " selected" : ""
      return
        "<option value=\"\(option?.rawValue ?? "")\"\(selected)>\(option?.rawValue ?? "all")</option>"
    }
    let extra: HTML =
      "<label>Status <select name=\"status\" id=\"status\">\(statusOptions)</select></label>"
    let back = "/dashboard/followups?" + filter.query(["status": status?.rawValue])
    let rows = shown.prefix(200).map { response -> HTML in
      let followup = followups[response.id]
      let current = followup?.status ?? .new
      let owner = followup?.ownerUserID.flatMap { users[$0]?.email } ?? ""
      let form: HTML =
        who.canEdit
        ? """
        <form method="post" action="/dashboard/responses/\(response.id)/followup">\
        <input type="hidden" name="csrf" value="\(who.csrfToken)">\
        <input type="hidden" name="back" value="\(back)">\
        <input type="hidden" name="version" value="\(followup?.version ?? 0)">\
        \(statusSelect(current, id: "status-\(response.id)"))<button type="submit" id="save-\(response.id)">Save</button></form>
        """ : "\(current.rawValue)"
      return """
        <tr data-response="\(response.id)"><td><a href="/dashboard/responses/\(response.id)">#\(response.id)</a></td>\
        <td>\(Format.minute(response.respondedAt, filter.timeZone))</td><td class="num">\(response.score.value)</td>\
        <td>\(response.comment ?? "")</td><td class="status">\(current.rawValue)</td><td>\(owner)</td><td>\(form)</td></tr>
        """
    }
    let body: HTML = """
      <h1>Follow-ups</h1>
      \(filter.form(action: "/dashboard/followups", segmentNames: names, extra: extra))\(filter.caption)
      <p>\(Format.count(shown.count, "detractor response", "detractor responses")) shown (the newest 500 of the period are read).</p>
      <table id="followups"><thead><tr><th>Response</th><th>When</th><th class="num">Score</th>\
      <th>Comment</th><th>Status</th><th>Owner</th><th></th></tr></thead><tbody>\(rows)</tbody></table>
      """
    return DashboardLayout.response(
      title: "Follow-ups", who: who, body: body, active: "/dashboard/followups",
      query: filter.query())
  }

  static func statusSelect(_ current: FollowupStatus, id: String) -> HTML {
    let options = FollowupStatus.allCases.map { option -> HTML in
      let selected: HTML = option == current ? " selected" : ""
      return "<option value=\"\(option.rawValue)\"\(selected)>\(option.rawValue)</option>"
    }
    return "<select name=\"status\" id=\"\(id)\">\(options)</select>"
  }

  static func responsePage(id: Int64, who: SignedIn, context: ServiceContext) throws
    -> DashboardResponse
  {
    guard let response = try context.store.response(id: id) else { throw HTTPError(.notFound) }
    let followup = try context.store.followups(responseIDs: [id])[id]
    let users = try context.store.users()
    let zone = context.timeZone
    let properties = response.properties.sorted { $0.key < $1.key }.map { key, value -> HTML in
      "<tr><th>\(key)</th><td>\(value)</td></tr>"
    }
    let ownerOptions = ([nil] + users.map(Optional.some)).map { user -> HTML in
      let selected: HTML = user?.id == followup?.ownerUserID ? " selected" : ""
      return
        "<option value=\"\(user.map { String($0.id) } ?? "")\"\(selected)>\(user?.email ?? "(nobody)")</option>"
    }
    let form: HTML =
      who.canEdit
      ? """
      <form method="post" action="/dashboard/responses/\(id)/followup" class="narrow">
      <input type="hidden" name="csrf" value="\(who.csrfToken)">
      <input type="hidden" name="version" value="\(followup?.version ?? 0)">
      <label>Status \(statusSelect(followup?.status ?? .new, id: "status"))</label>
      <label>Owner <select name="owner" id="owner">\(ownerOptions)</select></label>
      <label>Notes <textarea name="notes" id="notes" rows="4">\(followup?.notes ?? "")</textarea></label>
      <button type="submit" id="save">Save</button></form>
      """
      : """
      <p>Status: \((followup?.status ?? .new).rawValue). Notes: \(followup?.notes ?? "")</p>
      """
    let body: HTML = """
      <h1>Response #\(id)</h1>
      <p class="big">\(response.score.value) <span class="muted">\(response.score.category.rawValue)</span></p>
      <p>\(Format.minute(response.respondedAt, zone)) (\(zone.displayName)) · source \(response.source.rawValue)</p>
      <div class="comment" id="comment">\(response.comment ?? "(no comment)")</div>
      <table>\(properties)</table>
      <h2>Follow-up</h2>\(form)
      """
    return DashboardLayout.response(title: "Response #\(id)", who: who, body: body)
  }

  /// The longest follow-up notes, in characters.
  static let notesLength = 10_000

  /// POST `/dashboard/responses/:id/followup` (members and admins). Changes the fields the
  /// form holds (the list's form holds only the status; the response page's also owner and
  /// notes) and leaves the others. `version` is the follow-up the form was made from: when
  /// someone saved it since, nothing is changed and the answer is 409.
  static func update(id: Int64, form: FormFields, who: SignedIn, context: ServiceContext) throws
    -> DashboardResponse
  {
    guard try context.store.response(id: id) != nil else { throw HTTPError(.notFound) }
    var change = FollowupChange()
    if let text = form["status"] {
      guard let status = FollowupStatus(rawValue: text) else {
        throw HTTPError.badRequest("Unknown status.")
      }
      change.status = status
    }
    if let text = form["owner"] {
      if text.isEmpty {
        change.owner = .some(nil)
      } else {
        guard let value = Int64(text), try context.store.user(id: value) != nil else {
          throw HTTPError.badRequest("Unknown owner.")
        }
        change.owner = value
      }
    }
    if let notes = form["notes"] {
      guard notes.count <= notesLength else {
        throw HTTPError.badRequest(
          "notes: must be at most \(notesLength) characters (got \(notes.count)). Nothing was saved."
        )
      }
      change.notes = notes
    }
    if let text = form["version"] {
      guard let version = Int64(text), version >= 0 else {
        throw HTTPError.badRequest("Unknown version.")
      }
      change.basedOnVersion = version
    }
    let now = context.clock.now()
    let saved: Followup
    switch try context.store.changeFollowup(responseID: id, change: change, now: now) {
    case .saved(let followup): saved = followup
    case .stale(let current):
      throw HTTPError(
        .conflict,
        message:
          "Someone saved this follow-up after you opened the page (it is now "
          + "\((current?.status ?? .new).rawValue)). Nothing was saved: reload the page and try again."
      )
    }
    try context.audit(
      who, "followup.update", target: "response:\(id)",
      detail: "{\"status\":\"\(saved.status.rawValue)\"}", at: now)
    return .redirect(to: QueryString.safeNext(form["back"] ?? "/dashboard/responses/\(id)"))
  }
}
