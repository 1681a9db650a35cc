/// A fragment of HTML that is safe to send: text interpolated into it is escaped unless it is
/// itself `HTML`, so `"<p>\(comment)</p>" as HTML` can never inject markup.
///
/// Values are escaped for both text and quoted attribute values (`& < > " '`).
public struct HTML: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringInterpolation {
  /// The markup.
  public private(set) var rendered: String

  public init(stringLiteral literal: String) { rendered = literal }

  public init(stringInterpolation: Interpolation) { rendered = stringInterpolation.output }

  /// Markup the caller vouches for (built-in templates only; never user input).
  public init(trusted markup: String) { rendered = markup }

  public static let empty: HTML = ""

  public var description: String { rendered }

  public struct Interpolation: StringInterpolationProtocol {
    var output = ""

    public init(literalCapacity: Int, interpolationCount: Int) {
      output.reserveCapacity(literalCapacity + interpolationCount * 16)
    }

    public mutating func appendLiteral(_ literal: String) { output += literal }

    /// Text: escaped.
    public mutating func appendInterpolation(_ text: String) { output += HTML.escape(text) }

    /// Any value: its description, escaped.
    public mutating func appendInterpolation<T: CustomStringConvertible>(_ value: T) {
      output += HTML.escape(value.description)
    }

    /// Markup: inserted as it is.
    public mutating func appendInterpolation(_ html: HTML) { output += html.rendered }

    /// A list of fragments, joined.
    public mutating func appendInterpolation(_ fragments: [HTML]) {
      for fragment in fragments { output += fragment.rendered }
    }

    /// An optional fragment: nothing when nil.
    public mutating func appendInterpolation(_ html: HTML?) { output += html?.rendered ?? "" }
  }

  /// Escapes `& < > " '` so text is inert in element content and quoted attributes. Text
  /// without any of them (most of it) is returned as it is; otherwise the UTF-8 bytes are
  /// copied once with the five replaced (they are ASCII, so no multi-byte sequence is cut).
  public static func escape(_ text: String) -> String {
    var contiguous = text
    let escaped = contiguous.withUTF8 { bytes -> String? in
      guard let first = bytes.firstIndex(where: isSpecial) else { return nil }
      var out: [UInt8] = []
      out.reserveCapacity(bytes.count + 32)
      out.append(contentsOf: bytes[..<first])
      for byte in bytes[first...] {
        switch byte {
        case UInt8(ascii: "&"): out.append(contentsOf: amp)
        case UInt8(ascii: "<"): out.append(contentsOf: lt)
        case UInt8(ascii: ">"): out.append(contentsOf: gt)
        case UInt8(ascii: "\""): out.append(contentsOf: quot)
        case UInt8(ascii: "'"): out.append(contentsOf: apos)
        default: out.append(byte)
        }
      }
      return String(decoding: out, as: UTF8.self)
    }
    return escaped ?? text
  }

  private static func isSpecial(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
      || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
  }
  private static let amp = Array("&amp;".utf8)
  private static let lt = Array("&lt;".utf8)
  private static let gt = Array("&gt;".utf8)
  private static let quot = Array("&quot;".utf8)
  private static let apos = Array("&#39;".utf8)

  public static func + (lhs: HTML, rhs: HTML) -> HTML { HTML(trusted: lhs.rendered + rhs.rendered) }
}

extension Array where Element == HTML {
  /// The fragments one after another.
  public func joined() -> HTML { HTML(trusted: map(\.rendered).joined()) }
}

/// A URL that is safe in an `href` or `src`: only http, https, mailto or a path on this site.
public struct SafeURL: Sendable, Hashable, CustomStringConvertible {
  public let value: String

  public init?(_ value: String) {
    let lowered = value.lowercased()
    let allowed =
      lowered.hasPrefix("https://") || lowered.hasPrefix("http://")
      || lowered.hasPrefix("mailto:") || (value.hasPrefix("/") && !value.hasPrefix("//"))
    guard allowed, !value.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "<" }) else {
      return nil
    }
    self.value = value
  }

  public var description: String { value }
}
