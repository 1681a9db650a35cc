import Foundation

/// One result row: values by column position, with names for lookup.
public struct SQLRow: Sendable {
  /// The column names of the result, shared by all its rows.
  public let columns: [String]
  public let values: [SQLValue]

  public init(columns: [String], values: [SQLValue]) {
    self.columns = columns
    self.values = values
  }

  public subscript(index: Int) -> SQLValue { values[index] }

  /// The value of a named column; `.null` if there is no such column.
  public subscript(name: String) -> SQLValue {
    guard let index = columns.firstIndex(of: name) else { return .null }
    return values[index]
  }

  /// An integer column, or throws when it is null or not an integer.
  public func int(_ name: String) throws(StorageError) -> Int64 {
    guard let value = self[name].int64 else { throw StorageError.decoding(column: name) }
    return value
  }

  public func optionalInt(_ name: String) -> Int64? { self[name].int64 }

  public func double(_ name: String) throws(StorageError) -> Double {
    guard let value = self[name].double else { throw StorageError.decoding(column: name) }
    return value
  }

  public func string(_ name: String) throws(StorageError) -> String {
    guard let value = self[name].text else { throw StorageError.decoding(column: name) }
    return value
  }

  public func optionalString(_ name: String) -> String? { self[name].text }

  public func bool(_ name: String) throws(StorageError) -> Bool { try int(name) != 0 }

  public func date(_ name: String) throws(StorageError) -> Date {
    Date(millisecondsSince1970: try int(name))
  }

  public func optionalDate(_ name: String) -> Date? {
    self[name].int64.map { Date(millisecondsSince1970: $0) }
  }

  public func bytes(_ name: String) throws(StorageError) -> [UInt8] {
    guard let value = self[name].bytes else { throw StorageError.decoding(column: name) }
    return value
  }
}
