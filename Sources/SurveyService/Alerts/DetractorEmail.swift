import Foundation
import Mail
import Storage

/// The team's email about a detractor: "Detractor: {name or email} gave {score}", with the
/// comment, the segment properties and a link to the follow-up in the dashboard; plain text
/// and HTML (every value escaped).
struct DetractorEmail {
  let event: AlertEvent
  /// The response as it is now (the comment may have arrived after the score).
  let response: SurveyResponse
  let recipients: [String]
  let context: ServiceContext

  /// The person as the team knows them: name, else email, else "Someone".
  var who: String {
    if let name = event.contact?.name?.trimmingCharacters(in: .whitespacesAndNewlines),
      !name.isEmpty
    {
      return name
    }
    return event.contact?.email ?? "Someone"
  }

  var followupURL: String { context.url("/dashboard/responses/\(response.id)") }

  var subject: String {
    // What the mail module refuses in a header (a name with a line break, U+2028, stored
    // before names were checked) is left out of the subject: the alert still goes out.
    let name = String(String.UnicodeScalarView(who.unicodeScalars.filter(MailHeaderText.isAllowed)))
    return "Detractor: \(name.prefix(120)) gave \(response.score.value)"
  }

  func message(date: Date) throws -> MailMessage {
    let from = try MailAddress(context.configuration.mailFrom, displayName: "NPS alerts")
    let to = try recipients.map { address throws(MailMessageError) in try MailAddress(address) }
    return MailMessage(
      from: from, to: to, subject: subject, textBody: text, htmlBody: html.rendered, date: date,
      messageID: try MessageID("alert.\(event.id)@\(from.domain)"),
      extraHeaders: [
        try MailHeader("Auto-Submitted", "auto-generated"),
        try MailHeader("X-NPS-Event", event.event.rawValue),
      ])
  }

  /// The answer's time in the service's reporting zone, named (`2026-12-04 17:43 Europe/Berlin`).
  private var when: String {
    Format.minute(response.respondedAt, context.timeZone) + " " + context.timeZone.displayName
  }

  private var properties: [(String, String)] {
    response.properties.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
  }

  var text: String {
    var lines = [
      "\(who)\(event.contact.map { $0.email == who ? "" : " <\($0.email)>" } ?? "") gave "
        + "\(response.score.value) out of 10 in the survey \"\(event.survey.name)\" (\(when)).",
      "",
    ]
    if let comment = response.comment, !comment.isEmpty {
      lines += ["Comment:", comment, ""]
    } else {
      lines += ["No comment.", ""]
    }
    if !properties.isEmpty {
      lines.append("Segment:")
      lines += properties.map { "  \($0.0): \($0.1)" }
      lines.append("")
    }
    lines += ["Follow up (owner, status, notes):", followupURL]
    return lines.joined(separator: "\n") + "\n"
  }

  var html: HTML {
    let email: HTML =
      event.contact.map { contact -> HTML in
        contact.email == who
          ? "" : " &lt;<a href=\"mailto:\(contact.email)\">\(contact.email)</a>&gt;"
      } ?? ""
    let comment: HTML =
      response.comment.flatMap { $0.isEmpty ? nil : $0 }.map {
        "<blockquote style=\"white-space:pre-wrap;border-left:3px solid #d1242f;margin:0;padding:4px 12px\">\($0)</blockquote>"
      } ?? "<p>No comment.</p>"
    let rows = properties.map { "<tr><th align=\"left\">\($0.0)</th><td>\($0.1)</td></tr>" as HTML }
    let segment: HTML =
      rows.isEmpty ? "" : "<h3>Segment</h3><table cellpadding=\"4\">\(rows)</table>"
    return """
      <!DOCTYPE html>
      <html><head><meta charset="utf-8"><title>\(subject)</title></head>
      <body style="font-family:sans-serif">
      <p><strong>\(who)</strong>\(email) gave <strong>\(response.score.value)</strong> out of 10 in the survey “\(event.survey.name)” (\(when)).</p>
      \(comment)
      \(segment)
      <p><a href="\(followupURL)">Follow up</a> (owner, status, notes)</p>
      </body></html>

      """
  }
}
