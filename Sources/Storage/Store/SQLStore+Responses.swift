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
      try Self.deleteProperties(of: old, connection)
      try connection.execute("DELETE FROM followups WHERE response_id = \(id)")
      try connection.execute("DELETE FROM responses WHERE id = \(id)")
      var deltas = RollupDeltas()
      deltas.add(old, sign: -1)
      try deltas.apply(connection)
    }
  }

  public func importResponses(_ responses: [NewResponse], now: Date) throws -> ImportSummary {
    try importResponses(ImportBatch(responses), now: now)
  }

  /// Imports a batch (see ``ImportBatch``): rows without an external id, or with one not yet
  /// stored, are added in bulk; a row whose external id is already stored (or repeats an
  /// earlier row of the batch) replaces that response afterwards, one by one, in input order.
  public func importResponses(_ batch: ImportBatch, now: Date) throws -> ImportSummary {
    try write { connection in
      var summary = ImportSummary()
      let repeats =
        if let sqlite = connection as? SQLiteConnection {
          try Self.insertImported(batch, now: now, sqlite, &summary)
        } else {
          try Self.insertImportedInChunks(batch, now: now, connection, &summary)
        }
      guard !repeats.isEmpty else {
        try RollupDeltas.apply(batch.sortedChanges, connection)
        return summary
      }
      // The batch's changes counted every row as added; a repeat instead replaces a stored
      // response, whose change `record` adds.
      var deltas = batch.deltas
      for row in repeats {
        deltas.add(
          surveyID: row.surveyID, respondedAt: row.respondedAt.millisecondsSince1970,
          properties: row.properties, category: row.score.category, sign: -1)
        let result = try Self.record(row, replaceAll: true, now: now, connection, &deltas)
        if result.replaced { summary.replaced += 1 } else { summary.inserted += 1 }
      }
      try deltas.apply(connection)
      return summary
    }
  }

  /// SQLite: many rows per prepared INSERT, bound directly; then the properties of the new
  /// rows from their JSON in one `INSERT … SELECT … json_each`. Returns the rows whose external
  /// id was already there.
  ///
  /// New rows are found by id: SQLite gives a new row `max(rowid) + 1` (random ids only once the
  /// largest possible id is taken), and this transaction holds the only write lock, so the rows
  /// added by this import are exactly those above the largest id before it (checked).
  static func insertImported(
    _ batch: ImportBatch, now: Date, _ sqlite: SQLiteConnection, _ summary: inout ImportSummary
  ) throws -> [NewResponse] {
    let before =
      try sqlite.queryFirst("SELECT coalesce(max(id), 0) AS id FROM responses")?.int("id") ?? 0
    let nowMilliseconds = now.millisecondsSince1970
    var added = 0
    var addedKeys: Set<ExternalKey> = []
    var unexpected = false
    try sqlite.insertRows(
      batch.rows.indices,
      prefix: """
        INSERT INTO responses (survey_id, contact_id, external_id, score, comment, responded_at,
          updated_at, source, properties) VALUES
        """, tuple: ["?", "?", "?", "?", "?", "?", "?", "'import'", "?"],
      suffix:
        "ON CONFLICT (survey_id, external_id) WHERE external_id IS NOT NULL DO NOTHING"
        + " RETURNING id, survey_id, external_id",
      bind: { statement, base, index in
        let row = batch.rows[index]
        try statement.bind(base + 1, row.surveyID)
        try statement.bind(base + 2, row.contactID)
        try statement.bind(base + 3, row.externalID)
        try statement.bind(base + 4, Int64(row.score.value))
        try statement.bind(base + 5, row.comment)
        try statement.bind(base + 6, row.respondedAt.millisecondsSince1970)
        try statement.bind(base + 7, nowMilliseconds)
        try statement.bind(base + 8, batch.propertiesJSON[index])
      },
      returned: { statement in
        added += 1
        if statement.int64(0) <= before { unexpected = true }
        if let externalID = statement.optionalString(2) {
          addedKeys.insert(ExternalKey(surveyID: statement.int64(1), externalID: externalID))
        }
      })
    if unexpected {
      throw StorageError(.query, "an imported response got an id below the existing ones")
    }
    try sqlite.execute(
      """
      INSERT INTO response_properties (name, value, response_id)
      SELECT j.key, j.value, r.id FROM responses r, json_each(r.properties) j
      WHERE r.id > \(before) AND r.properties <> '{}'
      """)
    var repeats: [NewResponse] = []
    for row in batch.rows {
      if let externalID = row.externalID,
        addedKeys.remove(ExternalKey(surveyID: row.surveyID, externalID: externalID)) == nil
      {
        repeats.append(row)
      }
    }
    let inserted = batch.count - repeats.count
    if inserted != added {
      throw StorageError(.query, "an import added \(added) responses, expected \(inserted)")
    }
    summary.inserted += inserted
    return repeats
  }

  /// PostgreSQL: many rows per INSERT and per properties INSERT. Returns the rows whose external
  /// id was already there.
  static func insertImportedInChunks(
    _ batch: ImportBatch, now: Date, _ connection: any DatabaseConnection,
    _ summary: inout ImportSummary
  ) throws -> [NewResponse] {
    var repeats: [NewResponse] = []
    var properties = PropertyRows()
    let rowsPerStatement = Self.importRowsPerStatement
    for start in stride(from: 0, to: batch.count, by: rowsPerStatement) {
      let chunk = start..<min(start + rowsPerStatement, batch.count)
      let ids = try Self.insertImported(batch, chunk, now: now, connection)
      for (index, id) in zip(chunk, ids) {
        let row = batch.rows[index]
        guard let id else {
          repeats.append(row)
          continue
        }
        summary.inserted += 1
        for (name, value) in row.properties {
          try properties.append(id, name, value, connection)
        }
      }
    }
    try properties.flush(connection)
    return repeats
  }

  /// Responses per multi-row INSERT of an import (9 parameters each: under SQLite's 32,766 and
  /// PostgreSQL's 65,535 bound parameters).
  static let importRowsPerStatement = 1_000

  /// Inserts import rows with one statement and returns each row's new id in input order, or
  /// nil for a row whose `(survey_id, external_id)` was already stored or repeats an earlier row
  /// of `chunk` (left for the caller to replace).
  static func insertImported(
    _ batch: ImportBatch, _ chunk: Range<Int>, now: Date, _ connection: any DatabaseConnection
  ) throws -> [Int64?] {
    var values = SQLQuery(unsafeSQL: "")
    let nowMilliseconds = now.millisecondsSince1970
    for index in chunk {
      let row = batch.rows[index]
      let comma = index == chunk.lowerBound ? "" : ", "
      values.append(
        """
        \(unsafe: comma)(\(row.surveyID), \(row.contactID), \(row.externalID), \(row.score.value), \
        \(row.comment), \(row.respondedAt.millisecondsSince1970), \(nowMilliseconds), 'import', \
        \(batch.propertiesJSON[index]))
        """)
    }
    let inserted = try connection.query(
      """
      INSERT INTO responses (survey_id, contact_id, external_id, score, comment, responded_at,
        updated_at, source, properties)
      VALUES \(values)
      ON CONFLICT (survey_id, external_id) WHERE external_id IS NOT NULL DO NOTHING
      RETURNING id, survey_id, external_id
      """)
    // Rows with an external id are matched by it. Rows without one never conflict; both
    // databases number the rows of one INSERT in VALUES order (SQLite: max(rowid) + 1 each;
    // PostgreSQL: nextval per row, increasing), so their ids in ascending order are theirs.
    var keyed: [ExternalKey: Int64] = [:]
    var unkeyed: [Int64] = []
    for row in inserted {
      let id = try row.int("id")
      if let externalID = row.optionalString("external_id") {
        keyed[ExternalKey(surveyID: try row.int("survey_id"), externalID: externalID)] = id
      } else {
        unkeyed.append(id)
      }
    }
    unkeyed.sort()
    var nextUnkeyed = 0
    var ids: [Int64?] = []
    ids.reserveCapacity(chunk.count)
    for row in batch.rows[chunk] {
      if let externalID = row.externalID {
        ids.append(
          keyed.removeValue(forKey: ExternalKey(surveyID: row.surveyID, externalID: externalID)))
      } else {
        guard nextUnkeyed < unkeyed.count else {
          throw StorageError(.query, "an imported response was not added")
        }
        ids.append(unkeyed[nextUnkeyed])
        nextUnkeyed += 1
      }
    }
    guard nextUnkeyed == unkeyed.count else {
      throw StorageError(.query, "an import added more responses than it was given")
    }
    return ids
  }

  /// `response_properties` rows collected and written many per statement.
  struct PropertyRows {
    /// 3 parameters a row.
    static let rowsPerStatement = 2_000
    private var values = SQLQuery(unsafeSQL: "")
    private var count = 0

    mutating func append(
      _ id: Int64, _ name: String, _ value: String, _ connection: any DatabaseConnection
    ) throws {
      values.append("\(unsafe: count == 0 ? "" : ", ")(\(id), \(name), \(value))")
      count += 1
      if count == Self.rowsPerStatement { try flush(connection) }
    }

    mutating func flush(_ connection: any DatabaseConnection) throws {
      guard count > 0 else { return }
      try connection.execute(
        "INSERT INTO response_properties (response_id, name, value) VALUES \(values)")
      values = SQLQuery(unsafeSQL: "")
      count = 0
    }
  }

  /// A response's identity in another tool.
  struct ExternalKey: Hashable {
    var surveyID: Int64
    var externalID: String
  }

  /// Inserts a response, or replaces the one with its invitation or external id. A replaced
  /// response keeps its date and properties unless `replaceAll` (imports) is set; the date
  /// also then when the input's is not known (`dateIsKnown`).
  static func record(
    _ input: NewResponse, replaceAll: Bool, now: Date, _ connection: any DatabaseConnection,
    _ deltas: inout RollupDeltas
  ) throws -> (response: SurveyResponse, replaced: Bool) {
    let properties = input.properties.filter { !$0.key.isEmpty }
    let conflict: String
    let match: SQLQuery?
    if let invitationID = input.invitationID {
      conflict = " ON CONFLICT (invitation_id) WHERE invitation_id IS NOT NULL DO NOTHING"
      match = "invitation_id = \(invitationID)"
    } else if let externalID = input.externalID {
      conflict = " ON CONFLICT (survey_id, external_id) WHERE external_id IS NOT NULL DO NOTHING"
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
      if input.dateIsKnown {
        new.respondedAt = Date(millisecondsSince1970: input.respondedAt.millisecondsSince1970)
      }
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
      try Self.deleteProperties(of: old, connection)
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

  /// Removes a response's `response_properties` rows, found by its stored properties (the
  /// table is keyed by name, value and response).
  static func deleteProperties(of response: SurveyResponse, _ connection: any DatabaseConnection)
    throws
  {
    for (name, value) in response.properties {
      try connection.execute(
        """
        DELETE FROM response_properties
        WHERE name = \(name) AND value = \(value) AND response_id = \(response.id)
        """)
    }
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
