import Foundation

/// A JSON value as decoded from a request, keeping booleans apart from numbers (JSONDecoder
/// refuses to read `true` as a number and `1` as a boolean).
enum IngestJSON: Decodable, Sendable, Hashable {
  case null
  case bool(Bool)
  case integer(Int64)
  case number(Double)
  case string(String)
  case array([IngestJSON])
  case object([String: IngestJSON])

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Int64.self) {
      self = .integer(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([IngestJSON].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: IngestJSON].self))
    }
  }

  /// The JSON type's name for error messages.
  var typeName: String {
    switch self {
    case .null: "null"
    case .bool: "a boolean"
    case .integer, .number: "a number"
    case .string: "a string"
    case .array: "an array"
    case .object: "an object"
    }
  }
}

/// Reads a request body into interactions: one object, an array of objects, or
/// `{"interactions": [...]}`.
public enum InteractionJSON {
  /// The body's items (each still to be checked) and whether it was a batch. Throws a problem
  /// at the root when the body is not JSON of one of those shapes.
  static func items(_ body: [UInt8]) throws(IngestValidationError) -> (
    items: [IngestJSON], isBatch: Bool, prefix: String
  ) {
    let value: IngestJSON
    do {
      value = try JSONDecoder().decode(IngestJSON.self, from: Data(body))
    } catch {
      throw IngestValidationError(
        items: [0: [FieldProblem(pointer: "", detail: "the body is not valid JSON")]],
        isBatch: false)
    }
    switch value {
    case .array(let items):
      return (items, true, "")
    case .object(let fields):
      if fields.count == 1, case .array(let items)? = fields["interactions"] {
        return (items, true, "/interactions")
      }
      return ([value], false, "")
    default:
      throw IngestValidationError(
        items: [
          0: [
            FieldProblem(
              pointer: "",
              detail:
                "expected an interaction object, an array of them, or {\"interactions\": [...]}")
          ]
        ], isBatch: false)
    }
  }

  /// Checks one item; the survey slug is checked later against the store.
  static func input(_ item: IngestJSON, now: Date) -> CheckedInput {
    guard case .object(let fields) = item else {
      return .invalid([
        FieldProblem(pointer: "", detail: "expected an object, got \(item.typeName)")
      ])
    }
    var problems: [FieldProblem] = []
    var raw = InteractionFields()
    let known: Set<String> = [
      "email", "name", "locale", "time_zone", "occurred_at", "kind", "channel", "external_id",
      "survey", "properties",
    ]
    for key in fields.keys.sorted() where !known.contains(key) {
      problems.append(FieldProblem(pointer: "/" + escape(key), detail: "unknown field"))
    }
    func text(_ name: String) -> String? {
      switch fields[name] {
      case nil, .null?: return nil
      case .string(let value)?: return value
      case .integer(let value)? where name == "external_id": return String(value)
      case let other?:
        problems.append(
          FieldProblem(pointer: "/" + name, detail: "must be a string, got \(other.typeName)"))
        return nil
      }
    }
    raw.email = text("email")
    raw.name = text("name")
    raw.locale = text("locale")
    raw.timeZone = text("time_zone")
    raw.kind = text("kind")
    raw.channel = text("channel")
    raw.externalID = text("external_id")
    raw.survey = text("survey")
    switch fields["occurred_at"] {
    case .integer(let seconds)?:
      raw.occurredAt = .instant(Date(timeIntervalSince1970: Double(seconds)))
    case .number(let seconds)?: raw.occurredAt = .instant(Date(timeIntervalSince1970: seconds))
    case .string(let value)?: raw.occurredAt = .text(value)
    case nil, .null?: break
    case let other?:
      problems.append(
        FieldProblem(
          pointer: "/occurred_at",
          detail: "must be an ISO 8601 time or Unix seconds, got \(other.typeName)"))
    }
    switch fields["properties"] {
    case nil, .null?: break
    case .object(let properties)?:
      for (name, value) in properties {
        let pointer = "/properties/" + escape(name)
        switch value {
        case .string(let text): raw.properties[name] = text
        case .bool(let flag): raw.properties[name] = flag ? "true" : "false"
        case .integer(let number): raw.properties[name] = String(number)
        case .number(let number): raw.properties[name] = String(number)
        case .null: break
        default:
          problems.append(
            FieldProblem(
              pointer: pointer,
              detail: "must be a string, number or boolean, got \(value.typeName)"))
        }
      }
    case let other?:
      problems.append(
        FieldProblem(pointer: "/properties", detail: "must be an object, got \(other.typeName)"))
    }
    switch raw.check(now: now) {
    case .valid(let input) where problems.isEmpty: return .valid(input)
    case .valid: return .invalid(problems)
    case .invalid(let more): return .invalid(problems + more)
    }
  }

  /// JSON Pointer escaping of one reference token.
  static func escape(_ token: String) -> String {
    token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
  }
}
