/// HTML escaping for the survey email (names kept specific: this module is shared).
enum EmailHTML {
  /// Escapes `&`, `<`, `>`, `"` and `'` so the text is safe in element content and in quoted
  /// attribute values.
  static func escape(_ text: String) -> String {
    var output = ""
    output.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": output += "&amp;"
      case "<": output += "&lt;"
      case ">": output += "&gt;"
      case "\"": output += "&quot;"
      case "'": output += "&#39;"
      default: output.append(character)
      }
    }
    return output
  }
}
