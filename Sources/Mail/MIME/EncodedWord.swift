/// RFC 2047 encoded-words for header text that is not plain ASCII.
///
/// Uses the `B` (base64) encoding with the `UTF-8` charset. Text is cut only between Unicode
/// scalars, so no UTF-8 sequence is ever split across two encoded-words, and every encoded-word is
/// at most 75 characters long. Decoders join adjacent encoded-words separated only by folding
/// white space without that white space, so the words decode back to exactly the original text.
public enum EncodedWord {
  /// The maximum length of one encoded-word (RFC 2047 section 2).
  public static let maximumLength = 75

  private static let prefix = "=?UTF-8?B?"
  private static let suffix = "?="

  /// The most UTF-8 bytes one encoded-word can carry: 75 - 12 = 63 base64 characters, rounded
  /// down to whole 4-character groups, is 60 characters, which is 45 bytes.
  static let maximumBytesPerWord = bytesFitting(in: maximumLength)

  /// Encodes `text` as one or more encoded-words, in order. An empty text gives no words.
  ///
  /// - Parameter firstWordMaximumLength: a smaller limit for the first word, so that it fits on
  ///   the line after a header name; ignored when it leaves no room for any character (the
  ///   caller then starts the words on the next line).
  public static func encode(_ text: String, firstWordMaximumLength: Int = maximumLength)
    -> [String]
  {
    var words: [String] = []
    var chunk: [UInt8] = []
    let firstLimit = bytesFitting(in: min(firstWordMaximumLength, maximumLength))
    var limit = firstLimit >= 4 ? firstLimit : maximumBytesPerWord
    for scalar in text.unicodeScalars {
      let length = UTF8.width(scalar)
      if chunk.count + length > limit, !chunk.isEmpty {
        words.append(word(chunk))
        chunk = []
        limit = maximumBytesPerWord
      }
      UTF8.encode(scalar) { chunk.append($0) }
    }
    if !chunk.isEmpty { words.append(word(chunk)) }
    return words
  }

  /// The number of UTF-8 bytes an encoded-word of at most `length` characters can carry.
  private static func bytesFitting(in length: Int) -> Int {
    max(0, (length - prefix.count - suffix.count) / 4 * 3)
  }

  /// Whether `text` can be written in a header as is: printable ASCII and spaces only, and
  /// nothing a decoder could mistake for an encoded-word.
  public static func isPlainASCII(_ text: String) -> Bool {
    text.utf8.allSatisfy { $0 == 0x20 || (0x21...0x7E).contains($0) } && !text.contains("=?")
  }

  private static func word(_ bytes: [UInt8]) -> String {
    prefix + Base64.encode(bytes) + suffix
  }
}

/// Standard base64 (RFC 4648) with padding and no line breaks.
enum Base64 {
  private static let alphabet: [UInt8] = Array(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  static func encode(_ bytes: [UInt8]) -> String {
    var output: [UInt8] = []
    output.reserveCapacity((bytes.count + 2) / 3 * 4)
    var index = 0
    while index < bytes.count {
      let b0 = bytes[index]
      let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
      let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
      output.append(alphabet[Int(b0 >> 2)])
      output.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
      output.append(index + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : 61)
      output.append(index + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : 61)
      index += 3
    }
    return String(decoding: output, as: UTF8.self)
  }
}
