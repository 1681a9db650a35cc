import Foundation
import HTTPServer
import NPSCore
import Storage

/// `GET /api/v1/reports/nps` and `GET /api/v1/exports/responses.csv`, for API keys with the
/// `read` (or `admin`) scope, sent as `Authorization: Bearer KEY`.
///
/// Query: `survey` (slug), `from`/`to` (local dates, inclusive), `tz`, `by` (day, week, month,
/// quarter, year) for a trend, `segment` (a property name) for a breakdown. The answer holds the
/// figures in the design's shape: `overall`, then `periods` (with `by`), then `segments` (with
/// `segment`, each with `vs_rest`, and its own `periods` when `by` is given too).
enum ReportAPIRoutes {
  static let reportQuery = APIQuery(known: ["survey", "from", "to", "tz", "by", "segment"])
  static let exportQuery = APIQuery(known: [
    "survey", "from", "to", "tz", "by", "segment_name", "segment_value", "bom",
  ])

  /// Registered by ``APIRoutes``, whose per-key rate `limiter` these routes count against.
  static func register(in router: inout Router, context: ServiceContext, limiter: APIRateLimit) {
    router.get("/api/v1/reports/nps") { request in
      _ = try limiter.authorize(request, scope: .read, context: context)
      try reportQuery.check(request.query)
      var query = request.query
      query.items.removeAll { $0.name == "segment_name" || $0.name == "segment_value" }
      let by = request.query["by"].flatMap { $0.isEmpty ? nil : $0 }
      if by == nil { query.items.append(.init(name: "by", value: "month")) }
      let filter = try ReportFilter.parse(query, context: context)
      if let segment = request.query["segment"], !segment.isEmpty {
        try requireSegment(segment, survey: filter.survey, store: context.store)
      }
      return try json(
        report(
          filter: filter, trend: by != nil, segment: request.query["segment"],
          context: context))
    }
    router.get("/api/v1/exports/responses.csv") { request in
      _ = try limiter.authorize(request, scope: .read, context: context)
      try exportQuery.check(request.query)
      let bom = try APIQuery.flag("bom", in: request.query)
      let filter = try ReportFilter.parse(request.query, context: context)
      let bytes = try ResponseCSV.export(
        surveyID: filter.survey.id, range: filter.range, segment: filter.segment, bom: bom,
        store: context.store)
      return ResponseCSV.response(bytes, filename: "\(filter.survey.slug)-responses.csv")
    }
  }

  /// Refuses a segment property that no response of the survey has: a typo would otherwise
  /// answer `"segments": []` as if the survey had no such groups (404, as for an unknown
  /// survey; `nps report` refuses it too).
  static func requireSegment(_ name: String, survey: Survey, store: SQLStore) throws {
    do { try store.requireSegment(name, of: survey) } catch let unknown as UnknownSegment {
      let text = unknown.description
      throw HTTPError(.notFound, message: text.prefix(1).uppercased() + text.dropFirst() + ".")
    }
  }

  static func report(filter: ReportFilter, trend: Bool, segment: String?, context: ServiceContext)
    throws -> JSONValue
  {
    let store = context.store
    let periods = trend ? filter.periods : []
    let ranges = [filter.range] + periods.map { $0.start..<$0.end }
    let tallies = try store.tallies(surveyID: filter.survey.id, ranges: ranges, segment: nil)
    let total = tallies[0]
    var members: [(String, JSONValue)] = [
      ("survey", .string(filter.survey.slug)),
      ("from", .string(ISO8601Instant.string(filter.range.lowerBound))),
      ("to", .string(ISO8601Instant.string(filter.range.upperBound))),
      ("time_zone", .string(filter.timeZone.displayName)),
      ("overall", NPSFigure(tally: total).json),
    ]
    if trend {
      members.append(
        (
          "periods",
          .array(zip(periods, tallies.dropFirst()).map { NPSFigure(tally: $1, period: $0).json })
        ))
    }
    if let segment, !segment.isEmpty {
      let values = try store.segmentTallies(
        surveyID: filter.survey.id, range: filter.range, segmentName: segment)
      let trends =
        trend
        ? try store.segmentPeriodTallies(
          surveyID: filter.survey.id, ranges: periods.map { $0.start..<$0.end },
          segmentName: segment) : [:]
      var figures: [JSONValue] = []
      for value in values {
        var figure = NPSFigure(
          tally: value.tally, segment: .init(name: segment, value: value.value),
          comparison: GroupComparison(value.tally, total - value.tally)
        ).json
        if trend {
          let segmentTallies =
            trends[value.value] ?? Array(repeating: Tally(), count: periods.count)
          if case .object(var fields) = figure {
            fields.append(
              (
                "periods",
                .array(zip(periods, segmentTallies).map { NPSFigure(tally: $1, period: $0).json })
              ))
            figure = .object(fields)
          }
        }
        figures.append(figure)
      }
      members.append(("segments", .array(figures)))
    }
    return .object(members)
  }

  static func json(_ value: JSONValue) -> DashboardResponse {
    DashboardResponse(
      status: .ok, headers: ["Content-Type": "application/json", "Cache-Control": "no-store"],
      body: Array(value.rendered().utf8))
  }
}
