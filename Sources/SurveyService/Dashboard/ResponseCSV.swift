import Foundation
import NPSCore
import Storage

/// The CSV export of responses: UTF-8 (optionally with a BOM so Excel reads it as UTF-8),
/// CRLF lines, RFC 4180 quoting, and cells that a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, tab or CR) prefixed with `'`.
enum ResponseCSV {
  static let batchSize = 5000

  /// One cell, neutralised and quoted when needed.
  static func cell(_ text: String) -> String {
    var value = text
    if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
      value = "'" + value
    }
    let needsQuotes =
      value.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" }
      || value.hasPrefix(" ") || value.hasSuffix(" ")
    guard needsQuotes else { return value }
    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// Every response of the survey in the range (and segment), newest first.
  static func export(
    surveyID: Int64, range: Range<Date>, segment: SegmentFilter?, bom: Bool, store: SQLStore
  ) throws -> [UInt8] {
    let properties = try store.segmentNames(surveyID: surveyID)
    var out: [UInt8] = bom ? [0xEF, 0xBB, 0xBF] : []
    let header =
      ["response_id", "responded_at", "score", "category", "comment", "source", "external_id"]
      + properties.map { "property:" + $0 }
    out += Array((header.map(cell).joined(separator: ",") + "\r\n").utf8)
    var offset = 0
    while true {
      let batch = try store.responses(
        ResponseQuery(
          surveyID: surveyID, range: range, segment: segment, limit: batchSize, offset: offset))
      for response in batch {
        var fields = [
          String(response.id), ISO8601Instant.string(response.respondedAt),
          String(response.score.value), response.score.category.rawValue, response.comment ?? "",
          response.source.rawValue, response.externalID ?? "",
        ]
        fields += properties.map { response.properties[$0] ?? "" }
        out += Array((fields.map(cell).joined(separator: ",") + "\r\n").utf8)
      }
      guard batch.count == batchSize else { break }
      offset += batchSize
    }
    return out
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
