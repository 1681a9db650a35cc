import Foundation
import NPSCore
import SurveyService

/// What `nps import responses` stores of a row besides its score, date and comment: the
/// external id and the segment properties. The segment columns are fixed from the first row,
/// so the check of `--strict` and the import itself see the same fields.
struct ImportRowFields {
  /// Property columns other than timestamps (a `created_at` beside the response date would
  /// make every value its own group), before the unusable names are dropped: for warnings.
  let candidateColumns: [Int]
  /// The columns imported as segments: those with a name of 1 to
  /// `IngestLimits.propertyNameLength` characters.
  let segmentColumns: [Int]
  private let ownExport: Bool
  private let idNamesAPerson: Bool

  init(layout: ResponseTableLayout, firstRow row: ResponseRow, timeZone: TimeZone) {
    var parser = DateParser(format: .iso8601, timeZone: timeZone)
    candidateColumns = layout.propertyColumns.filter { column in
      column >= row.record.count || parser.parse(row.string(at: column)) == nil
    }
    segmentColumns = candidateColumns.filter { Self.isUsableName(layout.propertyName($0)) }
    ownExport = layout.exportedResponseIDColumn != nil
    idNamesAPerson = layout.idNamesAPerson
  }

  static func isUsableName(_ name: String) -> Bool {
    let trimmed = name.trimmingCharacters(in: .whitespaces)
    return !trimmed.isEmpty && trimmed.count <= IngestLimits.propertyNameLength
  }

  /// A cell as stored: this service's own export loses the `'` it put before formula-like
  /// values.
  func text(_ value: String) -> String {
    ownExport ? ResponseCSV.importedCell(value) : value
  }

  /// The row's external id (nil when the id column names a person, not a response).
  func externalID(_ row: ResponseRow) -> String? {
    idNamesAPerson ? nil : row.id.map(text)
  }

  /// The row's segment properties: trimmed, empty cells left out.
  func properties(_ row: ResponseRow, layout: ResponseTableLayout) -> [String: String] {
    var properties: [String: String] = [:]
    for column in segmentColumns where column < row.record.count {
      let value = text(row.trimmedString(at: column))
      if !value.isEmpty { properties[layout.propertyName(column)] = value }
    }
    return properties
  }
}
