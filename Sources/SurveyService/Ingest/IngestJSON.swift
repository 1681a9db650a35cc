import Foundation

/// Any JSON object key.
struct IngestKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(_ string: String) { stringValue = string }
  init?(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}

/// One interaction object, read field by field with typed look-ups (no trial decoding on the
/// happy path), so a wrong type becomes a problem naming that field instead of failing the
/// whole body.
struct InteractionPayload: Decodable {
  var fields = InteractionFields()
  var problems: [FieldProblem] = []

  static let known: Set<String> = [
    "email", "name", "locale", "time_zone", "occurred_at", "kind", "channel", "external_id",
    "survey", "properties",
  ]

  init(from decoder: any Decoder) throws {
    let container: KeyedDecodingContainer<IngestKey>
    do {
      container = try decoder.container(keyedBy: IngestKey.self)
    } catch {
      problems = [FieldProblem(pointer: "", detail: "expected an interaction object")]
      return
    }
    for key in container.allKeys where !Self.known.contains(key.stringValue) {
      problems.append(
        FieldProblem(
          pointer: "/" + InteractionJSON.escape(key.stringValue), detail: "unknown field"))
    }
    func isAbsent(_ key: IngestKey) -> Bool {
      !container.contains(key) || ((try? container.decodeNil(forKey: key)) ?? false)
    }
    func text(_ name: String) -> String? {
      let key = IngestKey(name)
      if isAbsent(key) { return nil }
      switch JSONStringRead(container, key) {
      case .text(let value): return value
      case .unreadable(let detail):
        problems.append(FieldProblem(pointer: "/" + name, detail: detail))
        return nil
      case .notAString: break
      }
      if name == "external_id", let value = try? container.decode(Int64.self, forKey: key) {
        return String(value)
      }
      problems.append(FieldProblem(pointer: "/" + name, detail: "must be a string"))
      return nil
    }
    fields.email = text("email")
    fields.name = text("name")
    fields.locale = text("locale")
    fields.timeZone = text("time_zone")
    fields.kind = text("kind")
    fields.channel = text("channel")
    fields.externalID = text("external_id")
    fields.survey = text("survey")
    let occurred = IngestKey("occurred_at")
    if !isAbsent(occurred) {
      switch JSONStringRead(container, occurred) {
      case .text(let value): fields.occurredAt = .text(value)
      case .unreadable(let detail):
        problems.append(FieldProblem(pointer: "/occurred_at", detail: detail))
      case .notAString:
        if let seconds = try? container.decode(Double.self, forKey: occurred) {
          fields.occurredAt = .seconds(seconds)
        } else {
          problems.append(
            FieldProblem(
              pointer: "/occurred_at", detail: "must be an ISO 8601 time or Unix seconds"))
        }
      }
    }
    let propertiesKey = IngestKey("properties")
    if !isAbsent(propertiesKey) {
      guard
        let properties = try? container.nestedContainer(
          keyedBy: IngestKey.self, forKey: propertiesKey)
      else {
        problems.append(FieldProblem(pointer: "/properties", detail: "must be an object"))
        return
      }
      for key in properties.allKeys {
        let name = key.stringValue
        let pointer = "/properties/" + InteractionJSON.escape(name)
        if (try? properties.decodeNil(forKey: key)) == true { continue }
        switch JSONStringRead(properties, key) {
        case .text(let value):
          // Trimmed as the imports trim a cell, so " Pro " and "Pro" are one segment; a blank
          // value is no value, as `null` is.
          let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
          if !trimmed.isEmpty { fields.properties[name] = trimmed }
          continue
        case .unreadable(let detail):
          problems.append(FieldProblem(pointer: pointer, detail: detail))
          continue
        case .notAString: break
        }
        if let value = try? properties.decode(Bool.self, forKey: key) {
          fields.properties[name] = value ? "true" : "false"
        } else if let value = try? properties.decode(Int64.self, forKey: key) {
          fields.properties[name] = String(value)
        } else if let value = try? properties.decode(Decimal.self, forKey: key) {
          // Decimal keeps the number's digits (38 significant): 12345678901234567890123 stays
          // itself, where a Double made it 1.2345678901234568e+22; 1.0 and 1e3 are 1 and 1000.
          fields.properties[name] = "\(value)"
        } else {
          problems.append(
            FieldProblem(pointer: pointer, detail: "must be a string, number or boolean"))
        }
      }
    }
  }
}

/// `{"interactions": [...]}` or a single interaction object. An object with an
/// `interactions` key is a batch (no interaction has that field), so what is wrong with it is
/// named as such: other keys beside it, or a value that is not an array of objects.
private struct ObjectBody: Decodable {
  var batch: [InteractionPayload]?
  var single: InteractionPayload?
  /// Keys of a batch object other than `interactions`, in the order sent.
  var otherKeys: [String] = []
  /// A batch object whose `interactions` is not an array of objects.
  var malformedBatch = false

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: IngestKey.self)
    let key = IngestKey("interactions")
    guard container.contains(key) else {
      single = try InteractionPayload(from: decoder)
      return
    }
    otherKeys = container.allKeys.map(\.stringValue).filter { $0 != key.stringValue }
    if let items = try? container.decode([InteractionPayload].self, forKey: key) {
      batch = items
    } else {
      batch = []
      malformedBatch = true
    }
  }

  /// What is wrong with a batch object's shape, if anything.
  var batchProblems: [FieldProblem] {
    var problems = otherKeys.map {
      FieldProblem(
        pointer: "/" + InteractionJSON.escape($0),
        detail: "unknown field (a batch object holds only \"interactions\")")
    }
    if malformedBatch {
      problems.append(
        FieldProblem(pointer: "/interactions", detail: "must be an array of interaction objects"))
    }
    return problems
  }
}

/// Reads a request body into interactions: one object, an array of objects, or
/// `{"interactions": [...]}`.
public enum InteractionJSON {
  /// The UTF-8 byte-order mark some clients put before the JSON.
  static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

  /// The body's items (each still to be checked), whether it was a batch, and where the batch
  /// array is (`""` or `/interactions`). A leading UTF-8 byte-order mark is skipped. Throws a
  /// problem at the root when the body is not JSON of one of those shapes.
  static func items(_ body: [UInt8]) throws(IngestValidationError) -> (
    items: [InteractionPayload], isBatch: Bool, prefix: String
  ) {
    let body = body.starts(with: byteOrderMark) ? Array(body.dropFirst(3)) : body
    let first = body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
    let notJSON = IngestValidationError(
      items: [0: [FieldProblem(pointer: "", detail: "the body is not valid JSON")]],
      isBatch: false)
    let decoder = JSONDecoder()
    let data = Data(body)
    switch first {
    case UInt8(ascii: "[")?:
      guard let items = try? decoder.decode([InteractionPayload].self, from: data) else {
        throw notJSON
      }
      return (items, true, "")
    case UInt8(ascii: "{")?:
      guard let object = try? decoder.decode(ObjectBody.self, from: data) else { throw notJSON }
      if let batch = object.batch {
        let problems = object.batchProblems
        guard problems.isEmpty else {
          throw IngestValidationError(items: [0: problems], isBatch: false)
        }
        return (batch, true, "/interactions")
      }
      return ([object.single!], false, "")
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
  static func input(_ item: InteractionPayload, now: Date) -> CheckedInput {
    // An item that is not an object has no fields to call missing.
    if item.problems.contains(where: \.pointer.isEmpty) { return .invalid(item.problems) }
    switch item.fields.check(now: now) {
    case .valid(let input) where item.problems.isEmpty: return .valid(input)
    case .valid: return .invalid(item.problems)
    case .invalid(let more):
      // A field the JSON already refused (not a string, say) is not also "required".
      let refused = Set(item.problems.map(\.pointer))
      return .invalid(item.problems + more.filter { !refused.contains($0.pointer) })
    }
  }

  /// JSON Pointer escaping of one reference token.
  static func escape(_ token: String) -> String {
    token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
  }
}
