extension ResponseTableLayout {
  /// The index of the column a user names (header, question text, 1-based number, or a
  /// piece of exactly one header), as for `--score-column`.
  public func column(named value: String, option: String) throws(ResponseReadError) -> Int {
    try ColumnSelector.find(value, option: option, in: columns)
  }
}
