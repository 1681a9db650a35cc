import Foundation
import Testing

@testable import NPSCore

/// Files shared beside the repository: `<package root>/../shared`, found from this file's path.
enum SharedFiles {
  static var root: URL {
    var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while directory.path != "/" {
      if FileManager.default.fileExists(
        atPath: directory.appendingPathComponent("Package.swift").path)
      {
        return directory.deletingLastPathComponent().appendingPathComponent("shared")
      }
      directory.deleteLastPathComponent()
    }
    fatalError("no Package.swift above \(#filePath)")
  }

  static func bytes(_ relativePath: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: root.appendingPathComponent(relativePath)))
  }
}

/// The result of reading a whole input through a `ResponseReader`.
struct ReadResult {
  let records: [ResponseRecord]
  let summary: ReadSummary
  let layout: ResponseTableLayout
  let encoding: TextEncoding
}

/// Reads `bytes` pushed in chunks of `chunkSize` bytes (all at once when nil).
func readResponses(
  _ bytes: [UInt8], options: ResponseReaderOptions = ResponseReaderOptions(), chunkSize: Int? = nil
) throws -> ReadResult {
  let reader = ResponseReader(options: options)
  var records: [ResponseRecord] = []
  let collect: (ResponseRow) throws -> Void = { row in
    records.append(row.copy(layout: reader.layout!))
  }
  let size = max(1, chunkSize ?? bytes.count)
  var start = 0
  while start < bytes.count {
    let end = min(bytes.count, start + size)
    try reader.feed(Array(bytes[start..<end]), collect)
    start = end
  }
  try reader.finish(collect)
  return ReadResult(
    records: records, summary: reader.summary, layout: try #require(reader.layout),
    encoding: reader.encoding)
}

func readResponses(
  _ text: String, options: ResponseReaderOptions = ResponseReaderOptions(), chunkSize: Int? = nil
) throws -> ReadResult {
  try readResponses(Array(text.utf8), options: options, chunkSize: chunkSize)
}

/// Parses `bytes` with a bare `CSVParser` in chunks of `chunkSize`; returns fields and lines.
func parseCSV(
  _ bytes: [UInt8], chunkSize: Int? = nil, delimiter: UInt8? = nil,
  maxRecordBytes: Int = CSVParser.defaultMaxRecordBytes
) throws -> (rows: [[String]], lines: [Int]) {
  let parser = CSVParser(delimiter: delimiter, maxRecordBytes: maxRecordBytes)
  var rows: [[String]] = []
  var lines: [Int] = []
  let collect: (CSVRecord) throws -> Void = { record in
    rows.append(record.strings)
    lines.append(record.line)
  }
  let size = max(1, chunkSize ?? bytes.count)
  var start = 0
  while start < bytes.count {
    let end = min(bytes.count, start + size)
    try parser.feed(Array(bytes[start..<end]), collect)
    start = end
  }
  try parser.finish(collect)
  return (rows, lines)
}

/// An instant written as `yyyy-MM-dd'T'HH:mm:ss` in UTC, for comparing dates in tests.
func utcString(_ date: Date?) -> String? {
  guard let date else { return nil }
  let formatter = DateFormatter()
  formatter.locale = Locale(identifier: "en_US_POSIX")
  formatter.timeZone = TimeZone(identifier: "UTC")
  formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
  return formatter.string(from: date)
}

func nps2(_ tally: Tally) -> Double? {
  tally.nps.map { ($0 * 100).rounded() / 100 }
}
