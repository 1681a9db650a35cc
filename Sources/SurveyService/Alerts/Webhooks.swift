import Foundation
import Mail
import Storage

/// A webhook input that cannot be accepted; the message says what to fix.
public struct WebhookInputError: Error, Sendable, Hashable, CustomStringConvertible {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// Adding webhooks and checking what they are given, for the command line and the dashboard.
public enum Webhooks {
  /// What a new webhook listens to when no events are named.
  public static let defaultEvents: [AlertEventKind] = [.responseDetractor]

  /// Checks a webhook URL: absolute `http` or `https` with a host, no spaces, at most 2,000
  /// characters. Returns it trimmed.
  public static func validateURL(_ text: String) throws(WebhookInputError) -> String {
    let url = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !url.isEmpty else { throw WebhookInputError("the URL is empty") }
    guard url.count <= 2000 else {
      throw WebhookInputError("the URL is longer than 2,000 characters")
    }
    guard !url.contains(where: { $0.isWhitespace || $0.isNewline || $0 == "\"" }) else {
      throw WebhookInputError("the URL contains spaces or quotes")
    }
    guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased()
    else { throw WebhookInputError("\"\(url)\" is not a URL") }
    guard scheme == "http" || scheme == "https" else {
      throw WebhookInputError("only http and https URLs can receive webhooks, not \(scheme):")
    }
    guard let host = components.host, !host.isEmpty else {
      throw WebhookInputError("the URL has no host")
    }
    return url
  }

  /// Parses `response.detractor,response.created`.
  public static func parseEvents(_ text: String) throws(WebhookInputError) -> [AlertEventKind] {
    do { return try AlertEventKind.parseList(text) } catch let error as StorageError {
      throw WebhookInputError(error.message)
    } catch { throw WebhookInputError("\(error)") }
  }

  /// Adds an active webhook with a new secret; returns it (the secret is shown once to whoever
  /// added it). `surveySlug` limits it to one survey.
  public static func add(
    store: SQLStore, url: String, events: [AlertEventKind], surveySlug: String?, now: Date
  ) throws -> Webhook {
    let url = try validateURL(url)
    guard !events.isEmpty else { throw WebhookInputError("name at least one event") }
    var surveyID: Int64?
    if let surveySlug {
      guard let survey = try store.survey(slug: surveySlug) else {
        throw WebhookInputError("no survey \"\(surveySlug)\"")
      }
      surveyID = survey.id
    }
    return try store.createWebhook(
      url: url, secret: WebhookSignature.newSecret(), events: events.map(\.rawValue),
      surveyID: surveyID, now: now)
  }
}

/// The team's alert addresses of a survey.
public enum AlertEmails {
  /// At most this many addresses per survey.
  public static let limit = 20

  /// Parses `a@x.com, b@y.org` (commas, semicolons or spaces between); an empty text (or `off`)
  /// is no addresses. Addresses are trimmed, lower-cased and kept once each.
  public static func parse(_ text: String) throws(WebhookInputError) -> [String] {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    if trimmed.isEmpty || trimmed == "off" { return [] }
    var addresses: [String] = []
    for part in trimmed.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace }) {
      let address = Contact.normalizedEmail(String(part))
      let pieces = address.split(separator: "@", omittingEmptySubsequences: false)
      guard pieces.count == 2, !pieces[0].isEmpty, pieces[1].contains("."),
        !pieces[1].hasPrefix("."), !pieces[1].hasSuffix("."),
        address.allSatisfy({ $0.isASCII && !$0.isWhitespace && !"<>()[]\\\",:;".contains($0) }),
        // The alert email's `To` header takes only what the mail module accepts.
        (try? MailAddress(address)) != nil
      else { throw WebhookInputError("\"\(part)\" is not an email address") }
      if !addresses.contains(address) { addresses.append(address) }
    }
    guard addresses.count <= limit else {
      throw WebhookInputError("at most \(limit) alert addresses per survey")
    }
    return addresses
  }
}
