import Foundation
import HTTPServer
import Storage

/// `/dashboard/audit` (admins): the audit log newest first, 50 entries a page (`before` is the
/// id the next page starts under), filtered by actor (exact) and target kind. Every value is
/// escaped: actors, targets and details can hold what people typed.
enum AuditPage {
  static let pageSize = 50
  /// The kinds of target the service records, the part of `target` before `:`.
  static let targetKinds = ["user", "apikey", "change", "survey", "response", "session", "webhook"]

  static func render(query: [String: String], who: SignedIn, context: ServiceContext) throws
    -> DashboardResponse
  {
    guard who.isAdmin else {
      throw HTTPError(.forbidden, message: "Only admins can read the audit log.")
    }
    let actor = query["actor"].flatMap { $0.trimmingCharacters(in: .whitespaces) }
      .flatMap { $0.isEmpty ? nil : $0 }
    let kind = query["target"].flatMap { $0.isEmpty ? nil : $0 }
    if let kind, !targetKinds.contains(kind) {
      throw HTTPError.badRequest("Unknown target kind \(kind.debugDescription).")
    }
    var beforeID: Int64?
    if let before = query["before"], !before.isEmpty {
      guard let id = Int64(before), id > 0 else {
        throw HTTPError.badRequest("before must be a positive entry id.")
      }
      beforeID = id
    }
    let entries = try context.store.auditEntries(
      AuditQuery(actor: actor, targetKind: kind, beforeID: beforeID, limit: pageSize + 1))
    let zone = TimeZone(identifier: context.configuration.timeZone) ?? .gmt
    let rows = entries.prefix(pageSize).map { entry -> HTML in
      """
      <tr data-entry="\(entry.id)"><td>\(Format.minute(entry.at, zone))</td><td>\(entry.actor)</td>\
      <td>\(entry.action)</td><td>\(entry.target)</td><td><code>\(entry.detail)</code></td></tr>
      """
    }
    let options = ([("", "all")] + targetKinds.map { ($0, $0) }).map { value, label -> HTML in
      let selected: HTML = value == (kind ?? "") ? " selected" : ""
      return "<option value=\"\(value)\"\(selected)>\(label)</option>"
    }
    let filters = QueryString.build([("actor", actor), ("target", kind)])
    var pager: HTML = .empty
    if beforeID != nil {
      pager = pager + "<a id=\"newest\" href=\"/dashboard/audit?\(filters)\">Newest</a> "
    }
    if entries.count > pageSize, let last = entries.prefix(pageSize).last {
      let next = QueryString.build([("actor", actor), ("target", kind), ("before", "\(last.id)")])
      pager = pager + "<a id=\"older\" href=\"/dashboard/audit?\(next)\">Older</a>"
    }
    let body: HTML = """
      <h1>Audit log</h1>
      <form class="filters" method="get" action="/dashboard/audit">
      <label>Actor <input name="actor" id="actor" value="\(actor ?? "")"></label>
      <label>Target <select name="target" id="target">\(options)</select></label>
      <button type="submit">Show</button></form>
      <table id="audit"><thead><tr><th>time (\(zone.displayName))</th><th>actor</th><th>action</th>\
      <th>target</th><th>detail</th></tr></thead><tbody>\(rows)</tbody></table>
      \(rows.isEmpty ? "<p>No entries match.</p>" as HTML : .empty)
      <p>\(pager)</p>
      """
    return DashboardLayout.response(
      title: "Audit log", who: who, body: body, active: "/dashboard/audit")
  }
}
