import Foundation
import NPSCore

extension SQLStore {
  public func recordResponse(_ response: NewResponse, now: Date) throws -> SurveyResponse {
    try write { connection in
      var deltas = RollupDeltas()
      let result = try Self.record(response, replaceAll: false, now: now, connection, &deltas)
      try deltas.apply(connection)
      return result.response
    }
  }

  public func response(id: Int64) throws -> SurveyResponse? {
    try read { connection in
      try connection.queryFirst("SELECT * FROM responses WHERE id = \(id)").map(
        Self.response(from:))
    }
  }

  public func response(invitationID: Int64) throws -> SurveyResponse? {
    try read { connection in
      try connection.queryFirst("SELECT * FROM responses WHERE invitation_id = \(invitationID)")
        .map(Self.response(from:))
    }
  }

  public func updateResponse(id: Int64, score: Score?, comment: String??, now: Date) throws
    -> SurveyResponse
  {
    try write { connection in
      guard let old = try Self.lockedResponse("id = \(id)", connection) else {
        throw StorageError.notFound("response \(id)")
      }
      var new = old
      if let score { new.score = score }
      if let comment { new.comment = comment }
      new.updatedAt = now
      try connection.execute(
        """
        UPDATE responses SET score = \(new.score.value), comment = \(new.comment),
          updated_at = \(now)
        WHERE id = \(id)
        """)
      var deltas = RollupDeltas()
      deltas.add(old, sign: -1)
      deltas.add(new, sign: 1)
      try deltas.apply(connection)
      return new
    }
  }

  public func deleteResponse(id: Int64) throws {
    try write { connection in
      guard let old = try Self.lockedResponse("id = \(id)", connection) else {
        throw StorageError.notFound("response \(id)")
      }
      try connection.execute("DELETE FROM response_properties WHERE response_id = \(id)")
      try connection.execute("DELETE FROM followups WHERE response_id = \(id)")
      try connection.execute("DELETE FROM responses WHERE id = \(id)")
      var deltas = RollupDeltas()
      deltas.add(old, sign: -1)
      try deltas.apply(connection)
    }
  }

  public func importResponses(_ responses: [NewResponse], now: Date) throws -> ImportSummary {
    let rows = responses.map { response -> NewResponse in
      var row = response
      row.source = .import
      row.invitationID = nil
      row.properties = row.properties.filter { !$0.key.isEmpty }
      return row
    }
    return try write { connection in
      var deltas = RollupDeltas()
      var summary = ImportSummary()
      // New external ids go in many rows per statement; the rest (repeats, rows without an
      // external id) take the one-row path, in their original order, after them.
      var oneByOne: [NewResponse] = []
      var keyed: [NewResponse] = []
      for row in rows {
        if row.externalID == nil { oneByOne.append(row) } else { keyed.append(row) }
      }
      var properties: [SQLQuery] = []
      for start in stride(from: 0, to: keyed.count, by: 500) {
        let chunk = keyed[start..<min(start + 500, keyed.count)]
        let values = chunk.map { row -> SQLQuery in
          """
          (\(row.surveyID), \(row.contactID), \(row.externalID), \(row.score.value), \(row.comment),
          \(row.respondedAt), \(now), 'import', \(JSONText.encode(row.properties)))
          """
        }
        let inserted = try connection.query(
          """
          INSERT INTO responses (survey_id, contact_id, external_id, score, comment, responded_at,
            updated_at, source, properties)
          VALUES \(SQLQuery.joined(values, separator: ", "))
          ON CONFLICT (survey_id, external_id) DO NOTHING
          RETURNING id, survey_id, external_id
          """)
        var ids: [ExternalKey: Int64] = [:]
        for row in inserted {
          ids[
            ExternalKey(
              surveyID: try row.int("survey_id"), externalID: try row.string("external_id"))] =
            try row.int("id")
        }
        for row in chunk {
          let key = ExternalKey(surveyID: row.surveyID, externalID: row.externalID ?? "")
          guard let id = ids.removeValue(forKey: key) else {
            oneByOne.append(row)
            continue
          }
          summary.inserted += 1
          deltas.add(
            surveyID: row.surveyID, respondedAt: row.respondedAt.millisecondsSince1970,
            properties: row.properties, category: row.score.category, sign: 1)
          for (name, value) in row.properties { properties.append("(\(id), \(name), \(value))") }
        }
      }
      for start in stride(from: 0, to: properties.count, by: 1000) {
        let chunk = Array(properties[start..<min(start + 1000, properties.count)])
        try connection.execute(
          """
          INSERT INTO response_properties (response_id, name, value)
          VALUES \(SQLQuery.joined(chunk, separator: ", "))
          """)
      }
      for row in oneByOne {
        let result = try Self.record(row, replaceAll: true, now: now, connection, &deltas)
        if result.replaced { summary.replaced += 1 } else { summary.inserted += 1 }
      }
      try deltas.apply(connection)
      return summary
    }
  }

  /// A response's identity in another tool.
  struct ExternalKey: Hashable {
    var surveyID: Int64
    var externalID: String
  }

  /// Inserts a response, or replaces the one with its invitation or external id. A replaced
  /// response keeps its date and properties unless `replaceAll` (imports) is set.
  static func record(
    _ input: NewResponse, replaceAll: Bool, now: Date, _ connection: any DatabaseConnection,
    _ deltas: inout RollupDeltas
  ) throws -> (response: SurveyResponse, replaced: Bool) {
    let properties = input.properties.filter { !$0.key.isEmpty }
    let conflict: String
    let match: SQLQuery?
    if let invitationID = input.invitationID {
      conflict = " ON CONFLICT (invitation_id) DO NOTHING"
      match = "invitation_id = \(invitationID)"
    } else if let externalID = input.externalID {
      conflict = " ON CONFLICT (survey_id, external_id) DO NOTHING"
      match = "survey_id = \(input.surveyID) AND external_id = \(externalID)"
    } else {
      conflict = ""
      match = nil
    }
    let inserted = try connection.queryFirst(
      """
      INSERT INTO responses (survey_id, invitation_id, contact_id, external_id, score, comment,
        responded_at, updated_at, source, properties)
      VALUES (\(input.surveyID), \(input.invitationID), \(input.contactID), \(input.externalID),
        \(input.score.value), \(input.comment), \(input.respondedAt), \(now),
        \(input.source.rawValue), \(JSONText.encode(properties)))\(unsafe: conflict)
      RETURNING id
      """)
    if let inserted {
      let id = try inserted.int("id")
      for (name, value) in properties {
        try connection.execute(
          "INSERT INTO response_properties (response_id, name, value) VALUES (\(id), \(name), \(value))"
        )
      }
      let response = SurveyResponse(
        id: id, surveyID: input.surveyID, invitationID: input.invitationID,
        contactID: input.contactID, externalID: input.externalID, score: input.score,
        comment: input.comment,
        respondedAt: Date(millisecondsSince1970: input.respondedAt.millisecondsSince1970),
        updatedAt: Date(millisecondsSince1970: now.millisecondsSince1970), source: input.source,
        properties: properties)
      deltas.add(response, sign: 1)
      return (response, false)
    }
    guard let match, let old = try lockedResponse(match, connection) else {
      throw StorageError(.query, "the response was neither added nor found")
    }
    var new = old
    new.score = input.score
    new.updatedAt = Date(millisecondsSince1970: now.millisecondsSince1970)
    if replaceAll {
      new.comment = input.comment
      new.respondedAt = Date(millisecondsSince1970: input.respondedAt.millisecondsSince1970)
      new.properties = properties
      new.contactID = input.contactID
    } else if let comment = input.comment {
      new.comment = comment
    }
    try connection.execute(
      """
      UPDATE responses SET score = \(new.score.value), comment = \(new.comment),
        responded_at = \(new.respondedAt), updated_at = \(new.updatedAt),
        properties = \(JSONText.encode(new.properties)), contact_id = \(new.contactID)
      WHERE id = \(old.id)
      """)
    if new.properties != old.properties {
      try connection.execute("DELETE FROM response_properties WHERE response_id = \(old.id)")
      for (name, value) in new.properties {
        try connection.execute(
          "INSERT INTO response_properties (response_id, name, value) VALUES (\(old.id), \(name), \(value))"
        )
      }
    }
    deltas.add(old, sign: -1)
    deltas.add(new, sign: 1)
    return (new, true)
  }

  /// The response matching `condition`, locked for update on PostgreSQL.
  static func lockedResponse(_ condition: SQLQuery, _ connection: any DatabaseConnection) throws
    -> SurveyResponse?
  {
    let lock = connection.dialect == .postgres ? " FOR UPDATE" : ""
    return try connection.queryFirst(
      "SELECT * FROM responses WHERE \(condition)\(unsafe: lock)"
    ).map(response(from:))
  }

  static func response(from row: SQLRow) throws -> SurveyResponse {
    guard let score = Score(exactly: Int(try row.int("score"))) else {
      throw StorageError.decoding(column: "score")
    }
    guard let source = ResponseSource(rawValue: try row.string("source")) else {
      throw StorageError.decoding(column: "source")
    }
    return SurveyResponse(
      id: try row.int("id"), surveyID: try row.int("survey_id"),
      invitationID: row.optionalInt("invitation_id"), contactID: row.optionalInt("contact_id"),
      externalID: row.optionalString("external_id"), score: score,
      comment: row.optionalString("comment"), respondedAt: try row.date("responded_at"),
      updatedAt: try row.date("updated_at"), source: source,
      properties: JSONText.decodeMap(row.optionalString("properties")))
  }
}
