import HTTPServer

/// The query rules of the read API: a misspelt parameter (`segmnt=agent`) or a second copy of
/// one would otherwise be ignored and answer a different question than the one asked, so both
/// are refused with `400` naming the parameter.
struct APIQuery {
  /// The parameters the route reads, in the order the error message lists them.
  let known: [String]

  /// Throws `400` for a parameter not in `known` or one given more than once.
  func check(_ query: FormFields) throws(HTTPError) {
    var seen: Set<String> = []
    for item in query.items {
      guard known.contains(item.name) else {
        throw HTTPError.badRequest(
          "Unknown query parameter \"\(item.name)\" (known: \(known.joined(separator: ", "))).")
      }
      guard seen.insert(item.name).inserted else {
        throw HTTPError.badRequest("The query parameter \"\(item.name)\" is given twice.")
      }
    }
  }

  /// A yes/no parameter: absent, empty or `0` is no, `1` is yes, anything else is `400`.
  static func flag(_ name: String, in query: FormFields) throws(HTTPError) -> Bool {
    switch query[name] {
    case nil, "", "0": return false
    case "1": return true
    case let other?: throw HTTPError.badRequest("\(name) must be 0 or 1, got \"\(other)\".")
    }
  }
}
