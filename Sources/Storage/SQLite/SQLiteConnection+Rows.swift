extension SQLiteConnection {
  /// Runs a multi-row `INSERT … VALUES` for `rows`, `rowsPerStatement` rows per statement and
  /// the remainder one row per statement, binding each row's values directly (no statement
  /// text per row). SQLite spends much of a one-row INSERT opening and closing cursors on the
  /// table and its indexes; many rows per statement pay that once.
  ///
  /// - Parameters:
  ///   - prefix: trusted SQL up to `VALUES`, e.g. `INSERT INTO t (a, b) VALUES`.
  ///   - tuple: one row's expressions; each `?` becomes the next bound parameter (`?NNN`).
  ///   - suffix: trusted SQL after the rows (`ON CONFLICT …`, `RETURNING …`).
  ///   - bind: binds one row's values, the first at parameter `base + 1`.
  ///   - returned: called for each row the statement returns (RETURNING).
  func insertRows<Row>(
    _ rows: some Collection<Row>, rowsPerStatement: Int = 64, prefix: String, tuple: [String],
    suffix: String = "", bind: (SQLiteStatement, Int32, Row) throws -> Void,
    returned: (SQLiteStatement) throws -> Void = { _ in }
  ) throws {
    guard !rows.isEmpty else { return }
    let parameters = Int32(tuple.filter { $0 == "?" }.count)
    func sql(_ count: Int) -> String {
      var number = 0
      let tuples = (0..<count).map { _ in
        "("
          + tuple.map { expression -> String in
            guard expression == "?" else { return expression }
            number += 1
            return "?\(number)"
          }.joined(separator: ", ") + ")"
      }
      return "\(prefix) \(tuples.joined(separator: ", ")) \(suffix)"
    }
    let many = rows.count >= rowsPerStatement ? sql(rowsPerStatement) : sql(1)
    try withStatements([many, sql(1)]) { statements in
      let (manyRows, oneRow) = (statements[0], statements[1])
      func run(_ statement: SQLiteStatement) throws {
        while try statement.step() { try returned(statement) }
        statement.reset()
      }
      var index = rows.startIndex
      var remaining = rows.count
      while remaining >= rowsPerStatement {
        for slot in 0..<rowsPerStatement {
          try bind(manyRows, Int32(slot) * parameters, rows[index])
          index = rows.index(after: index)
        }
        try run(manyRows)
        remaining -= rowsPerStatement
      }
      while index != rows.endIndex {
        try bind(oneRow, 0, rows[index])
        try run(oneRow)
        index = rows.index(after: index)
      }
    }
  }
}
