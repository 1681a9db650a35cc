import Foundation
import HTTPServer
import NPSCore
import Storage

/// The team's dashboard: login, overview, segments, comments, follow-ups, changes, settings,
/// the CSV export, and the public page.
enum DashboardRoutes {
  static func register(in router: inout Router, context: ServiceContext) {
    let auth = DashboardAuth(context: context)
    LoginRoutes.register(in: &router, context: context, auth: auth)
    AccountRoutes.register(in: &router, context: context, auth: auth)

    func report(
      _ path: String,
      _ render:
        @escaping @Sendable (ReportFilter, [String: String], SignedIn) throws
        -> DashboardResponse
    ) {
      router.get(path) { request in
        try auth.page { request, who in
          let filter = try ReportFilter.parse(request.query, context: context)
          return try render(filter, dictionary(request.query), who)
        }(request)
      }
    }
    report("/dashboard") { filter, _, who in
      try OverviewPage.render(filter: filter, who: who, context: context)
    }
    report("/dashboard/segments") { filter, query, who in
      try SegmentsPage.render(filter: filter, query: query, who: who, context: context)
    }
    report("/dashboard/comments") { filter, query, who in
      try CommentsPage.render(filter: filter, query: query, who: who, context: context)
    }
    report("/dashboard/followups") { filter, query, who in
      try FollowupsPage.render(filter: filter, query: query, who: who, context: context)
    }
    report("/dashboard/changes") { filter, query, who in
      try ChangesPage.render(filter: filter, query: query, who: who, context: context)
    }
    report("/dashboard/settings") { filter, _, who in
      try SettingsPage.render(filter: filter, who: who, context: context)
    }
    report("/dashboard/export.csv") { filter, query, _ in
      let bytes = try ResponseCSV.export(
        surveyID: filter.survey.id, range: filter.range, segment: filter.segment,
        bom: query["bom"] == "1", store: context.store)
      return ResponseCSV.response(bytes, filename: "\(filter.survey.slug)-responses.csv")
    }
    router.get("/dashboard/audit") { request in
      try auth.page { request, who in
        try AuditPage.render(query: dictionary(request.query), who: who, context: context)
      }(request)
    }
    router.get("/dashboard/responses/:id") { request in
      try auth.page { request, who in
        let id = try request.parameters.require("id", as: Int64.self)
        return try FollowupsPage.responsePage(id: id, who: who, context: context)
      }(request)
    }
    router.post("/dashboard/responses/:id/followup") { request in
      try auth.action(.member) { request, form, who in
        let id = try request.parameters.require("id", as: Int64.self)
        return try FollowupsPage.update(id: id, form: form, who: who, context: context)
      }(request)
    }
    router.post(
      "/dashboard/changes",
      handler: auth.action(.member) { _, form, who in
        try ChangesPage.create(form: form, who: who, context: context)
      })
    router.post("/dashboard/changes/:id/delete") { request in
      try auth.action(.member) { request, form, who in
        let id = try request.parameters.require("id", as: Int64.self)
        try context.store.deleteChange(id: id)
        try context.audit(who, "change.delete", target: "change:\(id)", at: context.clock.now())
        return .redirect(to: QueryString.safeNext(form["back"] ?? "/dashboard/changes"))
      }(request)
    }
    router.post(
      "/dashboard/settings/survey",
      handler: auth.action(.member) { _, form, who in
        try SettingsPage.saveSurvey(form: form, who: who, context: context)
      })
    AdminRoutes.register(in: &router, context: context, auth: auth)
    WebhooksSection.register(in: &router, context: context, auth: auth)
    router.get("/p/:slug") { request in
      try PublicPage.render(slug: try request.parameters.require("slug"), context: context)
    }
  }

  /// The first value of each query field.
  static func dictionary(_ fields: FormFields) -> [String: String] {
    var result: [String: String] = [:]
    for item in fields where result[item.name] == nil { result[item.name] = item.value }
    return result
  }
}
