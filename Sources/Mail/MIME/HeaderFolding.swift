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

  /// Tokens for a mailbox: the display name as a phrase, then `<addr-spec>`.
  static func mailboxTokens(_ mailbox: MailAddress, nameLength: Int) -> [String] {
    let angle = "<" + mailbox.address + ">"
    guard let display = mailbox.displayName, !display.isEmpty else { return [angle] }
    return phraseTokens(display, nameLength: nameLength) + [angle]
  }

  /// A display name as RFC 5322 `phrase` words.
  ///
  /// When the name is words separated by single spaces, each word is written as the simplest
  /// `word` it can be: an atom, a quoted string, or (non-ASCII) an encoded-word, with runs of
  /// adjacent non-ASCII words encoded together, spaces included. RFC 2047 decoders drop the white
  /// space between two encoded-words but keep it next to an atom, so this decodes to the exact
  /// name; it also avoids putting two encoded-words side by side unless a run is longer than one
  /// encoded-word can carry (Python's email package, for one, wrongly keeps that white space).
  /// Other names (leading, trailing or repeated spaces) are encoded whole, or quoted when ASCII.
  static func phraseTokens(_ display: String, nameLength: Int) -> [String] {
    let firstRoom = lineLimit - nameLength - 2
    if isPrintableASCII(display), !display.contains("=?") {
      if isAtomPhrase(display) { return display.split(separator: " ").map(String.init) }
      return [quoted(display)]
    } else if !isSingleSpaced(display) || display.contains("=?") {
      return EncodedWord.encode(display, firstWordMaximumLength: firstRoom)
    }
    var tokens: [String] = []
    var run: [Substring] = []
    func flushRun() {
      guard !run.isEmpty else { return }
      let room = tokens.isEmpty ? firstRoom : EncodedWord.maximumLength
      tokens += EncodedWord.encode(run.joined(separator: " "), firstWordMaximumLength: room)
      run = []
    }
    for word in display.split(separator: " ") {
      if isPrintableASCII(word) {
        flushRun()
        tokens.append(word.utf8.allSatisfy(atext.contains) ? String(word) : quoted(word))
      } else {
        run.append(word)
      }
    }
    flushRun()
    return tokens
  }

  private static func quoted(_ text: some StringProtocol) -> String {
    var quoted = "\""
    for character in text {
      if character == "\"" || character == "\\" { quoted.append("\\") }
      quoted.append(character)
    }
    return quoted + "\""
  }

  private static func isPrintableASCII(_ text: some StringProtocol) -> Bool {
    text.utf8.allSatisfy { $0 == 0x20 || (0x21...0x7E).contains($0) }
  }

  /// Non-empty words separated by single spaces.
  private static func isSingleSpaced(_ text: String) -> Bool {
    text.split(separator: " ", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty }
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
