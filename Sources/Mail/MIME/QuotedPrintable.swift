/// Quoted-printable content transfer encoding (RFC 2045 section 6.7) for text bodies.
///
/// The text's line breaks (CRLF, lone LF or lone CR) become hard CRLF line breaks. Within a line,
/// printable ASCII other than `=` is written as is; `=`, control characters, bytes of non-ASCII
/// UTF-8 sequences, and a space or tab at the end of a line are written as `=XX` (upper-case hex).
/// Encoded lines longer than 76 characters are cut with a soft line break (`=` then CRLF), never
/// inside an `=XX` escape. A line starting with `.` or `From ` has that first character escaped
/// too, so no transport dot-stuffing or mbox `>From` quoting can change it. The output is pure ASCII and every `=` in it is followed by two hex
/// digits or by CRLF, so a MIME boundary starting `=_` can never occur in it.
public enum QuotedPrintable {
  /// The maximum length of an encoded line, not counting CRLF (RFC 2045).
  public static let maximumLineLength = 76

  /// Encodes `text` as UTF-8 quoted-printable with CRLF line breaks. The result ends without a
  /// trailing line break unless `text` ended with one.
  public static func encode(_ text: String) -> String {
    var output: [UInt8] = []
    output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
    var lines: [[UInt8]] = [[]]
    var bytes = Array(text.utf8)[...]
    while let byte = bytes.popFirst() {
      switch byte {
      case 0x0D:
        if bytes.first == 0x0A { bytes.removeFirst() }
        lines.append([])
      case 0x0A:
        lines.append([])
      default:
        lines[lines.count - 1].append(byte)
      }
    }
    for (index, line) in lines.enumerated() {
      if index > 0 { output.append(contentsOf: [0x0D, 0x0A]) }
      encodeLine(line, into: &output)
    }
    return String(decoding: output, as: UTF8.self)
  }

  /// Encodes one line (no line break inside) with soft breaks.
  private static func encodeLine(_ line: [UInt8], into output: inout [UInt8]) {
    var column = 0
    let startsRisky = line.first == UInt8(ascii: ".") || line.starts(with: Array("From ".utf8))
    for (index, byte) in line.enumerated() {
      let isLast = index == line.count - 1
      let token =
        index == 0 && startsRisky
        ? escaped(byte) : encodedToken(byte, atEndOfLine: isLast)
      // A soft break costs one column (`=`); the last token of the line needs no room for it.
      let limit = isLast ? maximumLineLength : maximumLineLength - 1
      if column + token.count > limit {
        output.append(contentsOf: [UInt8(ascii: "="), 0x0D, 0x0A])
        column = 0
      }
      output.append(contentsOf: token)
      column += token.count
    }
  }

  private static func encodedToken(_ byte: UInt8, atEndOfLine: Bool) -> [UInt8] {
    let isWhitespace = byte == 0x20 || byte == 0x09
    let isLiteral = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || isWhitespace
    if isLiteral && !(isWhitespace && atEndOfLine) { return [byte] }
    return escaped(byte)
  }

  private static func escaped(_ byte: UInt8) -> [UInt8] {
    [UInt8(ascii: "="), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
  }

  private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)
}
