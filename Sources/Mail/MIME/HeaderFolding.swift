/// Folds header fields into lines of at most 76 characters where the content allows it.
///
/// A header is written as its name, a colon, and tokens separated by single spaces. A line break
/// (CRLF followed by the space that separated two tokens) is put before a token that would make
/// the line longer than ``lineLimit``, so unfolding (removing each CRLF) restores the exact text.
/// A single token longer than a line stays whole; lines longer than 998 characters are refused.
enum HeaderFolding {
  /// 76 rather than RFC 5322's 78: RFC 2047 limits lines holding encoded-words to 76.
  static let lineLimit = 76
  /// RFC 5322 section 2.1.1: a line must not be longer than 998 characters, excluding CRLF.
  static let hardLineLimit = 998

  /// Returns `Name: token token ...` folded, ending with CRLF.
  static func fold(name: String, tokens: [String]) throws(MailMessageError) -> String {
    var output = name + ":"
    var lineLength = output.utf8.count
    var isFirst = true
    for token in tokens {
      let length = token.utf8.count
      // Never break before an empty token: that could leave a line of only white space.
      if !isFirst && !token.isEmpty && lineLength + 1 + length > lineLimit {
        output += "\r\n"
        lineLength = 0
      }
      output += " " + token
      lineLength += 1 + length
      if lineLength > hardLineLimit { throw .headerTooLong(field: name) }
      isFirst = false
    }
    return output + "\r\n"
  }

  /// Tokens for unstructured text (Subject, extra headers): the text split at its spaces when it
  /// is plain ASCII, otherwise encoded-words sized so the first fits on the line after the name.
  static func unstructuredTokens(_ text: String, name: String) -> [String] {
    if EncodedWord.isPlainASCII(text) {
      return text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    }
    return EncodedWord.encode(text, firstWordMaximumLength: lineLimit - name.utf8.count - 2)
  }

  /// Tokens for a mailbox: the display name (atoms, a quoted string or encoded-words), then
  /// `<addr-spec>`.
  static func mailboxTokens(_ mailbox: MailAddress, nameLength: Int) -> [String] {
    let angle = "<" + mailbox.address + ">"
    guard let display = mailbox.displayName, !display.isEmpty else { return [angle] }
    if isAtomPhrase(display) {
      return display.split(separator: " ").map(String.init) + [angle]
    }
    if display.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 || (0x21...0x7E).contains($0) })
      && !display.contains("=?")
    {
      var quoted = "\""
      for character in display {
        if character == "\"" || character == "\\" { quoted.append("\\") }
        quoted.append(character)
      }
      return [quoted + "\"", angle]
    }
    return EncodedWord.encode(display, firstWordMaximumLength: lineLimit - nameLength - 2)
      + [angle]
  }

  /// Whether `text` is atoms separated by single spaces (RFC 5322 `phrase` without quoting).
  private static func isAtomPhrase(_ text: String) -> Bool {
    let words = text.split(separator: " ", omittingEmptySubsequences: false)
    return words.allSatisfy { word in
      !word.isEmpty && word.utf8.allSatisfy { atext.contains($0) }
    }
  }

  /// RFC 5322 `atext`.
  static let atext: Set<UInt8> = {
    var set = Set<UInt8>()
    for byte in UInt8(ascii: "a")...UInt8(ascii: "z") { set.insert(byte) }
    for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") { set.insert(byte) }
    for byte in UInt8(ascii: "0")...UInt8(ascii: "9") { set.insert(byte) }
    for byte in "!#$%&'*+-/=?^_`{|}~".utf8 { set.insert(byte) }
    return set
  }()
}
