import HTTPServer

/// Optional query parameters of the dashboard pages that must hold one of a few values. Absent
/// or empty means the page's default; anything else is a 400 that names what is allowed, so a
/// mistyped link never shows a page that silently ignored part of it.
enum QueryParameter {
  /// One of `allowed` (exactly as written), or nil when absent or empty.
  static func choice(_ query: [String: String], _ name: String, allowed: [String]) throws
    -> String?
  {
    guard let value = query[name], !value.isEmpty else { return nil }
    guard allowed.contains(value) else {
      let list = allowed.isEmpty ? "nothing yet" : allowed.joined(separator: ", ")
      throw HTTPError.badRequest("\(name) must be one of: \(list) (got \"\(value)\").")
    }
    return value
  }

  /// A whole number in `range`, or nil when absent or empty.
  static func number(_ query: [String: String], _ name: String, in range: ClosedRange<Int>)
    throws -> Int?
  {
    guard let value = query[name], !value.isEmpty else { return nil }
    guard let number = Int(value), range.contains(number) else {
      throw HTTPError.badRequest(
        "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound) "
          + "(got \"\(value)\").")
    }
    return number
  }
}
