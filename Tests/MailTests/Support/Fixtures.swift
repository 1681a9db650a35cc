import Foundation
import Mail
import MailTesting

/// Messages shared by the rendering, outbox and SMTP tests.
enum Fixtures {
  static let subject = "Zoë Ærø — ça va? 日本語"
  static let senderName = "Zoë Ærø — ça va? 日本語"
  static let links = (0...10).map { "https://nps.example.com/r/tok3n-\($0)?s=\($0)&x=a%20b" }
  static let unsubscribe = "https://nps.example.com/u/tok3n?list=1&x=2"

  static var text: String {
    "Hello Zoë,\n\nHow likely are you to recommend us? = 100%\n"
      + links.enumerated().map { "\($0.offset): \($0.element)" }.joined(separator: "\n")
      + "\n\nUnsubscribe: \(unsubscribe)\n"
  }

  static var html: String {
    "<!DOCTYPE html><html><body><p>Hello Zoë — ça va?</p><p>"
      + links.enumerated().map {
        "<a href=\"\($0.element.replacingOccurrences(of: "&", with: "&amp;"))\">\($0.offset)</a>"
      }.joined(separator: " ") + "</p></body></html>"
  }

  static func message(to recipient: String = "customer@example.com", id: String? = nil) throws
    -> MailMessage
  {
    MailMessage(
      from: try MailAddress("survey@nps.example.com", displayName: senderName),
      to: [try MailAddress(recipient, displayName: "Émile Zola")],
      subject: subject,
      textBody: text,
      htmlBody: html,
      replyTo: try MailAddress("support@example.com"),
      date: Date(timeIntervalSince1970: 1_000_000_000),
      messageID: try id.map { try MessageID($0) },
      listUnsubscribe: try ListUnsubscribe(url: unsubscribe),
      extraHeaders: [try MailHeader("X-NPS-Survey", "42")])
  }
}
