import Foundation
import Storage
import SurveyService

/// `nps webhook add URL [--events E,...] [--survey SLUG]` prints the signing secret once;
/// `nps webhook list`, `nps webhook remove ID`, `nps webhook deliveries ID [--limit N]`.
enum WebhookCommand {
  static let help = """
    usage: nps webhook add URL [--events EVENT,...] [--survey SLUG]
           nps webhook list
           nps webhook remove ID
           nps webhook deliveries ID [--limit N]
      events: \(AlertEventKind.allNames) (default response.detractor)
      --survey SLUG    only that survey's events (default: every survey)
      --database URL   --config FILE
    `add` prints the signing secret alone on stdout, once.
    """

  static func run(_ raw: [String], console: Console) throws -> ExitCode {
    if raw.contains("--help") {
      console.line(help)
      return .success
    }
    var arguments = try Arguments(raw)
    let action = try arguments.positional("an action (add, list, remove or deliveries)")
    switch action {
    case "add":
      let url = try arguments.positional("the URL that receives the events")
      let events: [AlertEventKind]
      let surveySlug = try arguments.option("survey")
      do {
        _ = try Webhooks.validateURL(url)
        events = try arguments.option("events").map(Webhooks.parseEvents) ?? Webhooks.defaultEvents
      } catch let error as WebhookInputError { throw CommandError.usage(error.message) }
      let store = try StoreOptions(&arguments).open(.createIfMissing)
      defer { store.close() }
      try arguments.finish()
      do {
        let hook = try Webhooks.add(
          store: store, url: url, events: events, surveySlug: surveySlug, now: Date())
        try CommandAudit.record(store, action: "webhook.create", target: "webhook:\(hook.id)")
        console.line(hook.secret)
        console.errorLine(
          "added webhook \(hook.id) \(hook.url) for \(hook.events.joined(separator: ","))"
            + (surveySlug.map { " of survey \($0)" } ?? "")
            + "; the signing secret above is shown only now")
      } catch let error as WebhookInputError {
        throw CommandError(.dataError, error.message)
      } catch { throw CommandError.storage(error) }
    case "list":
      let store = try StoreOptions(&arguments).open(.existing)
      defer { store.close() }
      try arguments.finish()
      do {
        let slugs = Dictionary(
          try store.surveys().map { ($0.id, $0.slug) }, uniquingKeysWith: { first, _ in first })
        for hook in try store.webhooks() {
          let survey = hook.surveyID.map { slugs[$0] ?? "#\($0)" } ?? "*"
          let last = try store.deliveries(webhookID: hook.id, limit: 1).first
          console.line(
            "\(hook.id)\t\(hook.url)\t\(hook.events.joined(separator: ","))\t\(survey)\t"
              + "\(hook.active ? "active" : "disabled")\t\(last.map(describe) ?? "no deliveries")")
        }
      } catch { throw CommandError.storage(error) }
    case "remove":
      let id = try webhookID(&arguments)
      let store = try StoreOptions(&arguments).open(.existing)
      defer { store.close() }
      try arguments.finish()
      do {
        guard try store.webhook(id: id) != nil else {
          throw CommandError(.dataError, "no webhook \(id) (see nps webhook list)")
        }
        try store.deleteWebhook(id: id)
        try CommandAudit.record(store, action: "webhook.delete", target: "webhook:\(id)")
      } catch let error as CommandError { throw error } catch { throw CommandError.storage(error) }
      console.errorLine("removed webhook \(id)")
    case "deliveries":
      let id = try webhookID(&arguments)
      let limit =
        try arguments.option("limit", expected: "a number from 1 to 1000") {
          Int($0).flatMap { (1...1000).contains($0) ? $0 : nil }
        } ?? 20
      let store = try StoreOptions(&arguments).open(.existing)
      defer { store.close() }
      try arguments.finish()
      do {
        guard try store.webhook(id: id) != nil else {
          throw CommandError(.dataError, "no webhook \(id) (see nps webhook list)")
        }
        for delivery in try store.deliveries(webhookID: id, limit: limit) {
          console.line(
            "\(delivery.id)\tjob \(delivery.jobID.map(String.init) ?? "-")\t\(delivery.event)\t"
              + describe(delivery))
        }
      } catch let error as CommandError { throw error } catch { throw CommandError.storage(error) }
    default:
      throw CommandError.usage(
        "unknown action \"\(action)\" (expected add, list, remove or deliveries)")
    }
    return .success
  }

  private static func webhookID(_ arguments: inout Arguments) throws(CommandError) -> Int64 {
    let text = try arguments.positional("the webhook's ID (see nps webhook list)")
    guard let id = Int64(text) else { throw CommandError.usage("ID must be a number") }
    return id
  }

  /// `2026-03-10T14:05:09.123Z 200` or `… no response: connection: …`.
  static func describe(_ delivery: WebhookDelivery) -> String {
    let time = AlertJSON.timestamp(delivery.attemptedAt)
    let status = delivery.responseStatus.map { "HTTP \($0)" } ?? "no response"
    let ok = delivery.responseStatus.map { (200..<300).contains($0) } ?? false
    return "\(time)\t\(status)\t\(ok ? "delivered" : delivery.error ?? "failed")"
  }
}
