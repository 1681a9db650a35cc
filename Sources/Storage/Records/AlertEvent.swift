import Foundation
import NPSCore

/// The events a recorded response raises, for webhooks and the team's detractor email.
public enum AlertEventKind: String, Sendable, Hashable, Codable, CaseIterable {
  /// A response was recorded for the first time (survey form or a confirmed pick).
  case responseCreated = "response.created"
  /// A recorded response's score or comment changed.
  case responseChanged = "response.changed"
  /// The (new) score is 0-6 and the response was not a detractor before.
  case responseDetractor = "response.detractor"

  /// The events listed as `a,b,c`; throws `.invalidInput` naming an unknown one.
  public static func parseList(_ text: String) throws -> [AlertEventKind] {
    let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
    guard !names.isEmpty else {
      throw StorageError(.invalidInput, "no event given (expected \(allNames))")
    }
    var kinds: [AlertEventKind] = []
    for name in names {
      guard let kind = AlertEventKind(rawValue: name) else {
        throw StorageError(.invalidInput, "unknown event \"\(name)\" (expected \(allNames))")
      }
      if !kinds.contains(kind) { kinds.append(kind) }
    }
    return kinds
  }

  public static var allNames: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// One event: what a webhook receives as its JSON body and what the team email is written
/// from. It is a snapshot taken in the transaction that recorded the response.
public struct AlertEvent: Sendable, Hashable, Codable {
  public struct SurveyInfo: Sendable, Hashable, Codable {
    public var id: Int64
    public var slug: String
    public var name: String
  }

  public struct ResponseInfo: Sendable, Hashable, Codable {
    public var id: Int64
    public var score: Int
    /// `promoter`, `passive` or `detractor`.
    public var category: String
    /// The score before this change; nil for a new response.
    public var previousScore: Int?
    public var comment: String?
    public var respondedAt: Date
    public var updatedAt: Date
    public var source: String
    /// The segment properties captured with the response.
    public var properties: [String: String]
  }

  public struct ContactInfo: Sendable, Hashable, Codable {
    public var id: Int64
    public var email: String
    public var name: String?
  }

  /// A unique id (`evt_` + UUID): the same in every retry, so receivers can drop repeats.
  public var id: String
  public var event: AlertEventKind
  public var occurredAt: Date
  public var survey: SurveyInfo
  public var response: ResponseInfo
  public var contact: ContactInfo?

  /// The JSON document (snake_case keys, sorted; ISO 8601 UTC dates with milliseconds).
  public func json() throws -> String {
    String(decoding: try AlertJSON.encoder.encode(self), as: UTF8.self)
  }
}

/// A queued webhook delivery (job kind ``AlertJobKind/webhook``).
public struct WebhookJobPayload: Sendable, Hashable, Codable {
  public var webhookID: Int64
  public var event: AlertEvent

  /// `webhookId` so the snake-case strategies turn it into `webhook_id` and back.
  enum CodingKeys: String, CodingKey {
    case webhookID = "webhookId"
    case event
  }
}

/// A queued team email about a detractor (job kind ``AlertJobKind/email``).
public struct AlertEmailJobPayload: Sendable, Hashable, Codable {
  /// The survey's alert addresses when the detractor answered.
  public var recipients: [String]
  public var event: AlertEvent
}

/// The kinds of alert jobs in the `jobs` queue.
public enum AlertJobKind {
  public static let webhook = "webhook.deliver"
  public static let email = "alert.email"
  public static let all = [webhook, email]
}

/// One JSON shape for alert documents, wherever they are written or read.
public enum AlertJSON {
  public static var encoder: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.dateEncodingStrategy = .custom { date, encoder in
      var container = encoder.singleValueContainer()
      try container.encode(timestamp(date))
    }
    return encoder
  }

  public static var decoder: JSONDecoder {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    decoder.dateDecodingStrategy = .custom { decoder in
      let text = try decoder.singleValueContainer().decode(String.self)
      guard let date = parse(text) else {
        throw DecodingError.dataCorrupted(
          .init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
      }
      return date
    }
    return decoder
  }

  /// `2026-03-10T14:05:09.123Z`: the stored whole milliseconds (the calendar formatter cut
  /// the fraction and wrote some instants a millisecond early).
  public static func timestamp(_ date: Date) -> String {
    ISO8601Instant.string(date, alwaysMilliseconds: true)
  }

  static func parse(_ text: String) -> Date? {
    try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
  }

  public static func encode(_ value: some Encodable) throws -> String {
    String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
    try decoder.decode(type, from: Data(text.utf8))
  }
}
