import Foundation
import NPSCore

/// Responses to import, with the work that needs no database done up front: rows normalised
/// for an import, their properties encoded as stored, and the rollup changes they make if all
/// are new, already summed and in key order.
///
/// An importer builds the next batch on its reading thread while the store's writer is busy
/// with the previous one, so the writer spends its time in the database.
public struct ImportBatch: Sendable {
  /// The rows as stored: source `import`, no invitation, no property with an empty name.
  let rows: [NewResponse]
  /// `rows[i].properties` as the stored JSON text.
  let propertiesJSON: [String]
  /// The rollup changes of every row counted as added.
  let deltas: RollupDeltas
  /// `deltas` spread over every span, without zero rows, in the rollups key order.
  let sortedChanges: [(key: RollupKey, value: Tally)]

  public var count: Int { rows.count }

  public init(_ responses: [NewResponse]) {
    var deltas = RollupDeltas()
    rows = responses.map { response -> NewResponse in
      var row = response
      row.source = .import
      row.invitationID = nil
      if row.properties.keys.contains("") {
        row.properties = row.properties.filter { !$0.key.isEmpty }
      }
      deltas.add(
        surveyID: row.surveyID, respondedAt: row.respondedAt.millisecondsSince1970,
        properties: row.properties, category: row.score.category, sign: 1)
      return row
    }
    propertiesJSON = rows.map { JSONText.encode($0.properties) }
    self.deltas = deltas
    sortedChanges = deltas.sortedChanges
  }
}
