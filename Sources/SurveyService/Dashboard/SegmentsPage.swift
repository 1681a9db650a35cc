import Foundation
import NPSCore
import Storage

/// One value of a segment property, compared with the rest of the responses.
struct SegmentRow: Sendable {
  let value: String
  let tally: Tally
  let comparison: GroupComparison?
}

/// `/dashboard/segments?property=NAME&sort=nps&dir=desc`: n, NPS, interval, the difference
/// from the rest with its p-value (significant ones flagged), sortable by the server; then the
/// trend of each value beside the overall one, so a mix effect is visible.
enum SegmentsPage {
  static let sortKeys = ["value", "n", "nps", "difference", "p"]
  /// Rows shown at most (a property such as a timestamp can have thousands of values).
  static let maximumRows = 200

  static func rows(filter: ReportFilter, property: String, context: ServiceContext) throws
    -> (total: Tally, rows: [SegmentRow])
  {
    let total = try context.store.tallies(
      surveyID: filter.survey.id, ranges: [filter.range], segment: nil)[0]
    let tallies = try context.store.segmentTallies(
      surveyID: filter.survey.id, range: filter.range, segmentName: property)
    let rows = tallies.map { segment in
      SegmentRow(
        value: segment.value, tally: segment.tally,
        comparison: GroupComparison(segment.tally, total - segment.tally))
    }
    return (total, rows)
  }

  static func sorted(_ rows: [SegmentRow], by key: String, descending: Bool) -> [SegmentRow] {
    let ascending = rows.sorted { a, b in
      switch key {
      case "value": return a.value < b.value
      case "nps": return (a.tally.nps ?? -999, a.value) < (b.tally.nps ?? -999, b.value)
      case "difference":
        return (a.comparison?.difference ?? -999, a.value)
          < (b.comparison?.difference ?? -999, b.value)
      case "p": return (a.comparison?.pValue ?? 2, a.value) < (b.comparison?.pValue ?? 2, b.value)
      default: return (a.tally.n, a.value) < (b.tally.n, b.value)
      }
    }
    return descending ? ascending.reversed() : ascending
  }

  static func render(
    filter: ReportFilter, query: [String: String], who: SignedIn, context: ServiceContext
  ) throws -> DashboardResponse {
    let names = try context.store.segmentNames(surveyID: filter.survey.id)
    let property = try QueryParameter.choice(query, "property", allowed: names) ?? names.first
    let sortKey = try QueryParameter.choice(query, "sort", allowed: sortKeys) ?? "n"
    let descending =
      (try QueryParameter.choice(query, "dir", allowed: ["asc", "desc"])
        ?? (sortKey == "value" || sortKey == "p" ? "asc" : "desc")) == "desc"
    let propertyOptions = names.map { name -> HTML in
      let selected: HTML = name == property ? " selected" : ""
      return "<option value=\"\(name)\"\(selected)>\(name)</option>"
    }
    let extra: HTML = """
      <label>Property <select name="property" id="property">\(propertyOptions)</select></label>
      <input type="hidden" name="sort" value="\(sortKey)"><input type="hidden" name="dir" value="\(descending ? "desc" : "asc")">
      """
    var body: HTML = """
      <h1>Segments</h1>
      \(filter.form(action: "/dashboard/segments", segmentNames: [], extra: extra))\(filter.caption)
      """
    guard let property else {
      body = body + "<p>No segment properties in this survey's responses.</p>"
      return DashboardLayout.response(
        title: "Segments", who: who, body: body, active: "/dashboard/segments",
        query: filter.query())
    }
    let (total, rows) = try rows(filter: filter, property: property, context: context)
    let allSorted = sorted(rows, by: sortKey, descending: descending)
    let sortedRows = allSorted.prefix(maximumRows)
    let cut: HTML =
      allSorted.count > maximumRows
      ? "<p class=\"warn\">Showing \(maximumRows) of \(Format.count(allSorted.count)) values in this order.</p>"
      : .empty
    func header(_ key: String, _ label: String, numeric: Bool = true) -> HTML {
      let nextDescending = key == sortKey ? !descending : !(key == "value" || key == "p")
      let link =
        "/dashboard/segments?"
        + filter.query([
          "property": property, "sort": key, "dir": nextDescending ? "desc" : "asc",
        ])
      let arrow = key == sortKey ? (descending ? " ▼" : " ▲") : ""
      let cls: HTML = numeric ? " class=\"num\"" : ""
      return "<th\(cls)><a href=\"\(link)\" id=\"sort-\(key)\">\(label)\(arrow)</a></th>"
    }
    let tableRows = sortedRows.map { row -> HTML in
      let significant = row.comparison?.isSignificant() ?? false
      let flag: HTML =
        significant ? "<span class=\"sig\" title=\"p &lt; 0.05\">significant</span>" : ""
      let few: HTML = row.tally.n < 30 ? " <span class=\"warn\">n &lt; 30</span>" : ""
      let filterLink =
        "/dashboard?" + filter.query(["segment_name": property, "segment_value": row.value])
      return """
        <tr data-value="\(row.value)"><td><a href="\(filterLink)">\(row.value)</a></td>\
        <td class="num">\(Format.count(row.tally.n))\(few)</td>\
        <td class="num">\(Format.percent(total.n > 0 ? Double(row.tally.n) / Double(total.n) : nil))</td>\
        <td class="num nps">\(Format.nps(row.tally.nps))</td>\
        <td class="num">\(Format.interval(row.tally.interval()))</td>\
        <td class="num">\(Format.signed(row.comparison?.difference))</td>\
        <td class="num">\(Format.interval(row.comparison?.interval))</td>\
        <td class="num">\(Format.pValue(row.comparison?.pValue))</td><td>\(flag)</td></tr>
        """
    }
    body =
      body + """
        <table id="segments"><thead><tr>\(header("value", property, numeric: false))\(header("n", "n"))\
        <th class="num">share</th>\(header("nps", "NPS"))<th class="num">95% CI</th>\
        \(header("difference", "vs rest"))<th class="num">95% CI of difference</th>\(header("p", "p-value"))<th></th></tr></thead>
        <tbody>\(Array(tableRows))</tbody>
        <tfoot><tr><td>All responses</td><td class="num">\(Format.count(total.n))</td><td></td>\
        <td class="num" id="overall-nps">\(Format.nps(total.nps))</td><td class="num">\(Format.interval(total.interval()))</td><td colspan="4"></td></tr></tfoot></table>
        <p class="muted">“vs rest” is the segment's NPS minus the NPS of all other responses; \
        significant means p &lt; 0.05 (two-sided, adjusted Wald).</p>\(cut)
        """
    body = body + (try mixTable(filter: filter, property: property, rows: rows, context: context))
    return DashboardLayout.response(
      title: "Segments", who: who, body: body, active: "/dashboard/segments",
      query: filter.query())
  }

  /// The trend of the overall NPS and of each of the largest values, with each value's share:
  /// when the overall moves one way and every segment the other, the shares explain it.
  static func mixTable(
    filter: ReportFilter, property: String, rows: [SegmentRow], context: ServiceContext
  ) throws -> HTML {
    let periods = filter.periods
    guard periods.count > 1, periods.count <= 60 else { return .empty }
    let ranges = periods.map { $0.start..<$0.end }
    let overall = try context.store.tallies(
      surveyID: filter.survey.id, ranges: ranges, segment: nil)
    let values = rows.sorted { $0.tally.n > $1.tally.n }.prefix(6).map(\.value).sorted()
    let trends = try context.store.segmentPeriodTallies(
      surveyID: filter.survey.id, ranges: ranges, segmentName: property)
    let series = values.map { value in
      (value, trends[value] ?? Array(repeating: Tally(), count: ranges.count))
    }
    let headers = values.map { value -> HTML in
      "<th class=\"num\">\(property) = \(value)</th><th class=\"num\">share</th>"
    }
    let lines = periods.enumerated().map { index, period -> HTML in
      let cells = series.map { _, tallies -> HTML in
        let share = overall[index].n > 0 ? Double(tallies[index].n) / Double(overall[index].n) : nil
        return
          "<td class=\"num\">\(Format.nps(tallies[index].nps))</td><td class=\"num\">\(Format.percent(share))</td>"
      }
      return
        "<tr><td>\(period.label)</td><td class=\"num\">\(Format.nps(overall[index].nps))</td>\(cells)</tr>"
    }
    return """
      <h2>Trend by \(property)</h2>
      <p class="muted">The overall NPS can move one way while every \(property) moves the other, when the shares change (a mix effect).</p>
      <table id="mix"><thead><tr><th>Period</th><th class="num">overall</th>\(headers)</tr></thead><tbody>\(lines)</tbody></table>
      """
  }
}
