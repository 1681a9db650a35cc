/// Quoted-printable content transfer encoding (RFC 2045 section 6.7) for text bodies.
///
/// The text's line breaks (CRLF, lone LF or lone CR) become hard CRLF line breaks. Within a line,
/// printable ASCII other than `=` is written as is; `=`, control characters, bytes of non-ASCII
/// UTF-8 sequences, and a space or tab at the end of a line are written as `=XX` (upper-case hex).
/// Encoded lines longer than 76 characters are cut with a soft line break (`=` then CRLF), never
/// inside an `=XX` escape. A line starting with `.` or `From ` has that first character escaped
/// too, so no transport dot-stuffing or mbox `>From` quoting can change it. The output is pure
/// ASCII and every `=` in it is followed by two hex digits or by CRLF, so a MIME boundary
/// starting `=_` can never occur in it.
public enum QuotedPrintable {
  /// The maximum length of an encoded line, not counting CRLF (RFC 2045).
  public static let maximumLineLength = 76

  /// Encodes `text` as UTF-8 quoted-printable with CRLF line breaks. The result ends without a
  /// trailing line break unless `text` ended with one.
  public static func encode(_ text: String) -> String {
    var contiguous = text
    return contiguous.withUTF8(encodeBytes)
  }

  private static func encodeBytes(_ input: UnsafeBufferPointer<UInt8>) -> String {
    var output: [UInt8] = []
    output.reserveCapacity(input.count + input.count / 8 + 16)
    var column = 0
    var atLineStart = true
    var index = 0
    while index < input.count {
      let byte = input[index]
      if byte == cr || byte == lf {
        if byte == cr, index + 1 < input.count, input[index + 1] == lf { index += 1 }
        output.append(cr)
        output.append(lf)
        column = 0
        atLineStart = true
        index += 1
        continue
      }
      let next: UInt8? = index + 1 < input.count ? input[index + 1] : nil
      let isLastOnLine = next == nil || next == cr || next == lf
      let isWhitespace = byte == space || byte == tab
      let isRiskyStart =
        atLineStart && (byte == dot || startsWithFromSpace(input, at: index))
      let isLiteral =
        !isRiskyStart && ((byte >= 33 && byte <= 126 && byte != equals) || isWhitespace)
        && !(isWhitespace && isLastOnLine)
      let width = isLiteral ? 1 : 3
      // A soft break costs one column (`=`); the last character of a line needs no room for it.
      let limit = isLastOnLine ? maximumLineLength : maximumLineLength - 1
      if column + width > limit {
        output.append(equals)
        output.append(cr)
        output.append(lf)
        column = 0
      }
      if isLiteral {
        output.append(byte)
      } else {
        output.append(equals)
        output.append(hexDigit(byte >> 4))
        output.append(hexDigit(byte & 0x0F))
      }
      column += width
      atLineStart = false
      index += 1
    }
    return String(decoding: output, as: UTF8.self)
  }

  private static func startsWithFromSpace(_ input: UnsafeBufferPointer<UInt8>, at index: Int)
    -> Bool
  {
    guard index + 5 <= input.count else { return false }
    return input[index] == 0x46 && input[index + 1] == 0x72 && input[index + 2] == 0x6F
      && input[index + 3] == 0x6D && input[index + 4] == space
  }

  private static let cr: UInt8 = 0x0D
  private static let lf: UInt8 = 0x0A
  private static let space: UInt8 = 0x20
  private static let tab: UInt8 = 0x09
  private static let dot: UInt8 = 0x2E
  private static let equals: UInt8 = 0x3D
  private static func hexDigit(_ value: UInt8) -> UInt8 {
    value < 10 ? 0x30 + value : 0x37 + value  // 0-9, A-F
  }
}
