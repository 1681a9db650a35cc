import Foundation

/// One data row of a response file, as a view: valid only inside the closure it is passed to.
///
/// The score and date are already read; text fields are made into Strings only when asked, so
/// a caller that only counts scores allocates nothing per row.
public struct ResponseRow {
  /// The 1-based line where the row starts.
  public let line: Int
  /// The score cell: a score, blank, or rejected with its reason.
  public let score: ScoreCell
  /// The instant in the date column; nil without a date column, when empty, or unreadable.
  public let date: Date?
  /// The row's fields (indexes are `ResponseTableLayout.Column.index`).
  public let record: CSVRecord
  @usableFromInline let commentColumn: Int
  @usableFromInline let idColumn: Int

  /// The comment, or nil when there is no comment column or the cell is empty or only spaces.
  public var comment: String? {
    guard commentColumn >= 0 else { return nil }
    let text = record.string(at: commentColumn)
    return text.allSatisfy(\.isWhitespace) ? nil : text
  }

  /// The id as written (never turned into a number: 19-digit ids stay exact), or nil.
  public var id: String? {
    guard idColumn >= 0 else { return nil }
    let text = record.string(at: idColumn).trimmingSpaces
    return text.isEmpty ? nil : text
  }

  /// Field `column` as a String (empty when the row is short).
  public func string(at column: Int) -> String { record.string(at: column) }

  /// Field `column` without leading and trailing whitespace (empty when the row is short).
  public func trimmedString(at column: Int) -> String { record.trimmedString(at: column) }

  /// Field `column` as bytes, valid only inside the closure.
  public func bytes(at column: Int) -> UnsafeBufferPointer<UInt8> { record.bytes(at: column) }

  /// Copies the row out, with the given layout's property columns as name-value pairs.
  public func copy(layout: ResponseTableLayout) -> ResponseRecord {
    ResponseRecord(
      line: line, score: score, date: date, comment: comment, id: id,
      properties: layout.propertyColumns.map {
        ResponseRecord.Property(name: layout.columns[$0].name, value: record.string(at: $0))
      })
  }
}

/// A response row copied out of the reader.
public struct ResponseRecord: Sendable, Hashable {
  /// One other column's value: a candidate segment.
  public struct Property: Sendable, Hashable {
    public let name: String
    public let value: String
  }

  public let line: Int
  public let score: ScoreCell
  public let date: Date?
  public let comment: String?
  public let id: String?
  public let properties: [Property]

  /// The value of the property called `name`, if any.
  public func property(_ name: String) -> String? {
    properties.first { $0.name == name }?.value
  }
}
