import Foundation
import NPSCore
import Storage

/// The CSV export of responses: UTF-8 (optionally with a BOM so Excel reads it as UTF-8),
/// CRLF lines, RFC 4180 quoting, and cells that a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, tab or CR) prefixed with `'`.
public enum ResponseCSV {
  static let batchSize = 5_000

  /// The first characters that make a spreadsheet run a cell as a formula.
  static let formulaStarts = "=+-@\t\r".unicodeScalars

  /// One cell, neutralised and quoted when needed.
  static func cell(_ text: String) -> String {
    var value = text
    // A value that starts with `'` gets one more, so the import can take off exactly the one
    // the export added (`'=x` typed by a person is written `''=x` and read back as `'=x`).
    if let first = value.unicodeScalars.first, formulaStarts.contains(first) || first == "'" {
      value = "'" + value
    }
    let needsQuotes =
      value.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" }
      || value.hasPrefix(" ") || value.hasSuffix(" ")
    guard needsQuotes else { return value }
    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// A cell of this export as it was before ``cell(_:)``: the `'` put before a formula-like
  /// value (`'=SUM(1)`, `'-ok`) or before a value's own leading `'` (`''=x`, `''tis`) is
  /// removed; any other value is returned as it is (`'tis` from an older export stays).
  public static func importedCell(_ text: String) -> String {
    let scalars = text.unicodeScalars
    guard scalars.first == "'", let second = scalars.dropFirst().first,
      formulaStarts.contains(second) || second == "'"
    else { return text }
    return String(scalars.dropFirst())
  }

  /// Every response of the survey in the range (and segment), oldest first, as one buffer.
  static func export(
    surveyID: Int64, range: Range<Date>, segment: SegmentFilter?, bom: Bool, store: SQLStore
  ) throws -> [UInt8] {
    var out: [UInt8] = []
    try write(surveyID: surveyID, range: range, segment: segment, bom: bom, store: store) {
      out += $0
    }
    return out
  }

  /// Writes the export in pieces (the header, then one piece per page of ``batchSize``
  /// responses), oldest first, so a caller can stream any number of responses in flat memory.
  public static func write(
    surveyID: Int64, range: Range<Date>?, segment: SegmentFilter?, bom: Bool, store: SQLStore,
    to sink: ([UInt8]) throws -> Void
  ) throws {
    let properties = try store.segmentNames(surveyID: surveyID)
    var out: [UInt8] = bom ? [0xEF, 0xBB, 0xBF] : []
    let header =
      ["response_id", "responded_at", "score", "category", "comment", "source", "external_id"]
      + properties.map { "property:" + $0 }
    out += Array((header.map(cell).joined(separator: ",") + "\r\n").utf8)
    try sink(out)
    var position: ExportPosition?
    while true {
      let batch = try store.exportPage(
        surveyID: surveyID, range: range, segment: segment, after: position, limit: batchSize)
      out.removeAll(keepingCapacity: true)
      for response in batch {
        var fields = [
          String(response.id), ISO8601Instant.string(response.respondedAt),
          String(response.score.value), response.score.category.rawValue, response.comment ?? "",
          response.source.rawValue, response.externalID ?? "",
        ]
        fields += properties.map { response.properties[$0] ?? "" }
        out += Array((fields.map(cell).joined(separator: ",") + "\r\n").utf8)
      }
      if !out.isEmpty { try sink(out) }
      guard batch.count == batchSize, let last = batch.last else { break }
      position = ExportPosition(after: last)
    }
  }

  static func response(_ bytes: [UInt8], filename: String) -> DashboardResponse {
    DashboardResponse(
      status: .ok,
      headers: [
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": "attachment; filename=\"\(filename)\"",
        "Cache-Control": "no-store",
      ], body: bytes)
  }
}
