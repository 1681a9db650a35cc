/// Parses `Cookie` request headers: `a=1; b="2"`.
enum CookieParser {
  /// Cookies by name from every `Cookie` header. The first occurrence of a name wins (browsers
  /// send the most specific path first); pairs without `=` or with an empty name are skipped.
  /// Surrounding double quotes are removed; values are not percent-decoded.
  static func parse(_ headerValues: [String]) -> [String: String] {
    var cookies: [String: String] = [:]
    for header in headerValues {
      for pair in header.split(separator: ";") {
        guard let equals = pair.firstIndex(of: "=") else { continue }
        let name = pair[..<equals].trimmingASCIISpaces()
        var value = pair[pair.index(after: equals)...].trimmingASCIISpaces()
        guard !name.isEmpty else { continue }
        if value.count >= 2, value.first == "\"", value.last == "\"" {
          value = value.dropFirst().dropLast()
        }
        let key = String(name)
        if cookies[key] == nil {
          cookies[key] = String(value)
        }
      }
    }
    return cookies
  }
}
