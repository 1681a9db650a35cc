/// A JSON value read as a string: the text, another type, or a string whose text cannot be
/// read (invalid UTF-8, an unpaired surrogate escape such as `"\ud800"`, a bad escape, a raw
/// control character), with what is wrong with it.
enum JSONStringRead {
  case text(String)
  case notAString
  case unreadable(String)

  /// Reads `key` of `container` as a string.
  init<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, _ key: Key) {
    do {
      self = .text(try container.decode(String.self, forKey: key))
    } catch is DecodingError {
      // Foundation's JSONDecoder throws DecodingError for a value of another type ...
      self = .notAString
    } catch {
      // ... and its own (internal) JSON error for a string it cannot turn into text.
      self = .unreadable(Self.detail(error))
    }
  }

  /// What is wrong with a string the decoder could not read, told apart by the case name of
  /// the decoder's error (its type is not public); a general detail when the name is unknown.
  static func detail(_ error: any Error) -> String {
    let name = String(describing: error)
    if name.contains("Surrogate") || name.contains("UnicodeScalar") {
      return "contains an unpaired UTF-16 surrogate (a \\ud800-\\udfff escape without its pair)"
    }
    if name.contains("UTF8") { return "is not valid UTF-8 text" }
    if name.contains("Escape") { return "contains an invalid escape sequence" }
    if name.contains("ControlCharacter") {
      return "contains an unescaped control character (escape it, e.g. \\n)"
    }
    return "is not a valid JSON string (invalid UTF-8 or an unpaired surrogate escape)"
  }
}
