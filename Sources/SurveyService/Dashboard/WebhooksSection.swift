import Foundation
import HTTPServer
import Storage

/// The webhooks part of the settings page (admins): the list with each one's latest
/// deliveries, a form to add one (its signing secret is shown once) and remove buttons.
enum WebhooksSection {
  static func render(who: SignedIn, context: ServiceContext, newSecret: String? = nil) throws
    -> HTML
  {
    let surveys = try context.store.surveys()
    let slugs = Dictionary(
      surveys.map { ($0.id, $0.slug) }, uniquingKeysWith: { first, _ in first })
    let rows = try context.store.webhooks().map { hook -> HTML in
      let deliveries = try context.store.deliveries(webhookID: hook.id, limit: 5).map {
        delivery -> HTML in
        let ok = delivery.responseStatus.map { (200..<300).contains($0) } ?? false
        let status = delivery.responseStatus.map { "HTTP \($0)" } ?? "no response"
        let note: HTML = ok ? "delivered" : "\(delivery.error ?? "failed")"
        return """
          <li class="\(ok ? "ok" : "warn")">\(Format.minute(delivery.attemptedAt, context.timeZone)) \
          \(delivery.event): \(status) – \(note)</li>
          """
      }
      let last: HTML =
        deliveries.isEmpty ? "none yet" : "<ul class=\"deliveries\">\(deliveries)</ul>"
      let survey = hook.surveyID.map { slugs[$0] ?? "#\($0)" } ?? "all surveys"
      return """
        <tr id="webhook-\(hook.id)"><td><code>\(hook.url)</code></td><td>\(hook.events.joined(separator: ", "))</td>\
        <td>\(survey)</td><td>\(last)</td><td><form method="post" action="/dashboard/settings/webhooks/\(hook.id)/remove">\
        <input type="hidden" name="csrf" value="\(who.csrfToken)"><button type="submit">Remove</button></form></td></tr>
        """
    }
    let shown: HTML? = newSecret.map {
      "<p class=\"warn\" id=\"new-webhook-secret\">Signing secret (shown once): <code>\($0)</code></p>"
    }
    let events = AlertEventKind.allCases.map { kind -> HTML in
      let checked: HTML = Webhooks.defaultEvents.contains(kind) ? " checked" : ""
      return
        "<label><span><input type=\"checkbox\" name=\"event\" value=\"\(kind.rawValue)\"\(checked)> \(kind.rawValue)</span></label>"
    }
    let options = surveys.map { "<option value=\"\($0.slug)\">\($0.slug)</option>" as HTML }
    return """
      <h2>Webhooks</h2>\(shown)
      <p>Each delivery is a signed JSON POST (see the alerts documentation); failures are retried with backoff.</p>
      <table id="webhooks"><thead><tr><th>URL</th><th>Events</th><th>Survey</th><th>Last deliveries</th><th></th></tr></thead><tbody>\(rows)</tbody></table>
      <form method="post" action="/dashboard/settings/webhooks" class="filters">
      <input type="hidden" name="csrf" value="\(who.csrfToken)">
      <label>URL <input type="url" name="url" required placeholder="https://"></label>
      \(events)
      <label>Survey <select name="survey"><option value="">all surveys</option>\(options)</select></label>
      <button type="submit" id="add-webhook">Add webhook</button></form>
      """
  }

  static func register(in router: inout Router, context: ServiceContext, auth: DashboardAuth) {
    router.post(
      "/dashboard/settings/webhooks",
      handler: auth.action(.admin) { _, form, who in
        let now = context.clock.now()
        let hook: Webhook
        do {
          let names = form.values(for: "event").joined(separator: ",")
          let survey = (form["survey"] ?? "").isEmpty ? nil : form["survey"]
          hook = try Webhooks.add(
            store: context.store, url: form["url"] ?? "", events: try Webhooks.parseEvents(names),
            surveySlug: survey, now: now)
        } catch let error as WebhookInputError {
          throw HTTPError.badRequest("Webhook: \(error.message).")
        }
        try context.audit(who, "webhook.create", target: "webhook:\(hook.id)", at: now)
        let filter = try ReportFilter.parse(FormFields(), context: context)
        return try SettingsPage.render(
          filter: filter, who: who, context: context, newWebhookSecret: hook.secret)
      })
    router.post("/dashboard/settings/webhooks/:id/remove") { request in
      try auth.action(.admin) { request, _, who in
        let id = try request.parameters.require("id", as: Int64.self)
        guard try context.store.webhook(id: id) != nil else {
          throw HTTPError(.notFound, message: "No such webhook.")
        }
        let now = context.clock.now()
        try context.store.deleteWebhook(id: id)
        try context.audit(who, "webhook.delete", target: "webhook:\(id)", at: now)
        return .redirect(to: "/dashboard/settings")
      }(request)
    }
  }
}
