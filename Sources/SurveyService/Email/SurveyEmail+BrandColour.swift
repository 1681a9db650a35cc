import Foundation

extension SurveyEmail {
  /// A brand colour `#RRGGBB`, and the text colour that reads best on it.
  public struct BrandColour: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `#RRGGBB` in upper case.
    public let hex: String
    public let red: Int
    public let green: Int
    public let blue: Int

    /// Parses `#RRGGBB` (either case); throws ``SurveyEmailError/invalidBrandColour(_:)``.
    public init(_ text: String) throws(SurveyEmailError) {
      let digits = Array(text.utf8)
      guard digits.count == 7, digits[0] == UInt8(ascii: "#"),
        let value = Int(String(text.dropFirst()), radix: 16),
        digits.dropFirst().allSatisfy({ Character(UnicodeScalar($0)).isHexDigit })
      else { throw .invalidBrandColour(text) }
      red = value >> 16
      green = (value >> 8) & 0xFF
      blue = value & 0xFF
      hex = "#" + String(text.dropFirst()).uppercased()
    }

    /// The default brand colour, a dark blue.
    public static let standard = try! BrandColour("#1F4E8C")

    /// WCAG 2 relative luminance, 0 (black) to 1 (white).
    public var relativeLuminance: Double {
      func channel(_ value: Int) -> Double {
        let c = Double(value) / 255
        return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
      }
      return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    }

    /// `#FFFFFF` or `#111111`, whichever has the higher WCAG contrast ratio on this colour.
    public var textColour: String {
      let luminance = relativeLuminance
      let onWhite = 1.05 / (luminance + 0.05)
      let darkLuminance = 0.005605  // #111111
      let onDark = (luminance + 0.05) / (darkLuminance + 0.05)
      return onWhite >= onDark ? "#FFFFFF" : "#111111"
    }

    public var description: String { hex }

    public init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      let text = try container.decode(String.self)
      do {
        self = try BrandColour(text)
      } catch {
        throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
      }
    }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.singleValueContainer()
      try container.encode(hex)
    }
  }
}
