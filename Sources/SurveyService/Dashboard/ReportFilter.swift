import Foundation
import HTTPServer
import NPSCore
import Storage

/// What a report page shows, read from its query parameters: `survey` (slug), `from` and `to`
/// (local dates, inclusive), `tz` (IANA zone), `by` (`week` or `month`), and an optional
/// segment filter `segment_name` + `segment_value`. Defaults: the first survey, all its
/// responses, the service's time zone, by month.
struct ReportFilter: Sendable {
  var survey: Survey
  var surveys: [Survey]
  var timeZone: TimeZone
  var calendar: PeriodCalendar
  var range: Range<Date>
  var fromText: String
  var toText: String
  var granularity: Granularity
  var segment: SegmentFilter?

  static func parse(_ query: FormFields, context: ServiceContext) throws -> ReportFilter {
    let surveys = try context.store.surveys()
    let survey: Survey
    if let slug = query["survey"], !slug.isEmpty {
      guard let found = surveys.first(where: { $0.slug == slug }) else {
        throw HTTPError(.notFound, message: "No survey \"\(slug)\".")
      }
      survey = found
    } else {
      guard let first = surveys.first else { throw HTTPError(.notFound, message: "No survey.") }
      survey = first
    }
    var timeZone = context.timeZone
    if let name = query["tz"], !name.isEmpty {
      guard let zone = TimeZone(ianaName: name) else {
        throw HTTPError.badRequest("Unknown time zone \"\(name)\": use \(TimeZone.ianaNameHint).")
      }
      timeZone = zone
    }
    let calendar = PeriodCalendar(timeZone: timeZone)
    var granularity = Granularity.month
    if let by = query["by"], !by.isEmpty {
      guard let parsed = Granularity(name: by) else {
        throw HTTPError.badRequest("by must be day, week, month, quarter or year.")
      }
      granularity = parsed
    }
    let from = try query["from"].flatMap { $0.isEmpty ? nil : try day($0, calendar, offset: 0) }
    let to = try query["to"].flatMap { $0.isEmpty ? nil : try day($0, calendar, offset: 1) }
    let (start, end) = ReportRange.bounds(
      from: from, to: to, responses: try context.store.responseExtent(surveyID: survey.id),
      calendar: calendar, now: context.clock.now())
    guard start < end else { throw HTTPError.badRequest("from must be on or before to.") }
    var segment: SegmentFilter?
    if let name = query["segment_name"], !name.isEmpty, let value = query["segment_value"] {
      segment = SegmentFilter(name: name, value: value)
    }
    return ReportFilter(
      survey: survey, surveys: surveys, timeZone: timeZone, calendar: calendar,
      range: start..<end, fromText: Format.day(start, timeZone),
      toText: Format.day(end.addingTimeInterval(-1), timeZone), granularity: granularity,
      segment: segment)
  }

  /// Midnight starting the local date `yyyy-MM-dd` plus `offset` days.
  static func day(_ text: String, _ calendar: PeriodCalendar, offset: Int) throws -> Date {
    let parts = text.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3, (1900...2999).contains(parts[0]),
      CalendarDate.isValid(year: parts[0], month: parts[1], day: parts[2])
    else {
      throw HTTPError.badRequest(
        "Dates are written yyyy-mm-dd, must exist and lie in the years 1900 to 2999 "
          + "(got \"\(text)\").")
    }
    return calendar.midnight(parts[0], parts[1], parts[2] + offset)
  }

  /// The periods of the trend (whole periods overlapping the range, clipped to it).
  var periods: [Period] { ReportRange.periods(granularity, in: range, calendar: calendar) }

  /// The query string that reproduces this filter, with changes.
  func query(_ overrides: [String: String?] = [:]) -> String {
    var pairs: [(String, String?)] = [
      ("survey", survey.slug), ("from", fromText), ("to", toText),
      ("tz", timeZone.displayName), ("by", granularity.rawValue),
      ("segment_name", segment?.name), ("segment_value", segment?.value),
    ]
    for (index, pair) in pairs.enumerated() where overrides.keys.contains(pair.0) {
      pairs[index].1 = overrides[pair.0] ?? nil
    }
    for (name, value) in overrides.sorted(by: { $0.key < $1.key })
    where !pairs.contains(where: { $0.0 == name }) {
      pairs.append((name, value))
    }
    return QueryString.build(pairs)
  }

  /// The filter form; `extra` adds page-specific fields.
  func form(action: String, segmentNames: [String], extra: HTML = .empty) -> HTML {
    let surveyOptions = surveys.map { survey -> HTML in
      let selected: HTML = survey.id == self.survey.id ? " selected" : ""
      return "<option value=\"\(survey.slug)\"\(selected)>\(survey.name)</option>"
    }
    let byOptions = [Granularity.day, .week, .month, .quarter, .year].map { option -> HTML in
      let selected: HTML = option == granularity ? " selected" : ""
      return "<option value=\"\(option.rawValue)\"\(selected)>\(option.rawValue)</option>"
    }
    var nameOptions: [HTML] = ["<option value=\"\">(all responses)</option>"]
    for name in segmentNames {
      let selected: HTML = name == segment?.name ? " selected" : ""
      nameOptions.append("<option value=\"\(name)\"\(selected)>\(name)</option>")
    }
    return """
      <form method="get" action="\(action)" class="filters">
      <label>Survey <select name="survey">\(surveyOptions)</select></label>
      <label>From <input type="date" name="from" value="\(fromText)"></label>
      <label>To <input type="date" name="to" value="\(toText)"></label>
      <label>Time zone <input type="text" name="tz" value="\(timeZone.displayName)" size="14"></label>
      <label>By <select name="by">\(byOptions)</select></label>
      <label>Segment <select name="segment_name" id="segment_name">\(nameOptions)</select></label>
      <label>equals <input type="text" name="segment_value" id="segment_value" value="\(segment?.value ?? "")" size="10"></label>
      \(extra)<button type="submit" id="apply">Apply</button>
      </form>
      """
  }

  /// A line saying what is shown.
  var caption: HTML {
    let segmentText: HTML =
      segment.map { " · only \($0.name) = \($0.value)" as HTML } ?? .empty
    return """
      <p class="muted">\(survey.name) · \(fromText) to \(toText) (\(timeZone.displayName))\(segmentText)</p>
      """
  }
}
