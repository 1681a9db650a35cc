import Testing

@testable import NPSCore

@Suite("TextEncodingDetector")
struct TextEncodingTests {
  /// Decodes `bytes` fed in chunks of `chunkSize`; returns the UTF-8 text and the encoding.
  func decode(_ bytes: [UInt8], chunkSize: Int) -> (String, TextEncoding) {
    var detector = TextEncodingDetector()
    var output: [UInt8] = []
    var start = 0
    while start < bytes.count {
      let end = min(bytes.count, start + chunkSize)
      Array(bytes[start..<end]).withUnsafeBytes {
        detector.decode($0, final: false) { output.append(contentsOf: $0) }
      }
      start = end
    }
    detector.decode(UnsafeRawBufferPointer(start: nil, count: 0), final: true) {
      output.append(contentsOf: $0)
    }
    return (String(decoding: output, as: UTF8.self), detector.encoding)
  }

  static let text = "name\tcomment\nZoë\tgrâce à vous 😀\n"

  @Test(arguments: [1, 2, 3, 5, 100])
  func utf16BigEndianWithBOM(chunkSize: Int) {
    let bytes: [UInt8] =
      [0xFE, 0xFF] + Self.text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    #expect(decode(bytes, chunkSize: chunkSize) == (Self.text, .utf16BigEndian))
  }

  @Test(arguments: [1, 2, 3, 5, 100])
  func utf16LittleEndianWithBOM(chunkSize: Int) {
    let bytes: [UInt8] =
      [0xFF, 0xFE] + Self.text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    #expect(decode(bytes, chunkSize: chunkSize) == (Self.text, .utf16LittleEndian))
  }

  @Test(arguments: [1, 2, 7])
  func utf8WithBOMSplitMultibyte(chunkSize: Int) {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(Self.text.utf8)
    #expect(decode(bytes, chunkSize: chunkSize) == (Self.text, .utf8))
  }

  @Test(arguments: [1, 4, 100])
  func windows1252Fallback(chunkSize: Int) {
    // "Café – 9€" in Windows-1252: é E9, en dash 96, euro 80.
    let bytes: [UInt8] = Array("Caf".utf8) + [0xE9, 0x20, 0x96, 0x20] + Array("9".utf8) + [0x80]
    #expect(decode(bytes, chunkSize: chunkSize) == ("Café – 9€", .windows1252))
  }

  @Test func strayInvalidByteInUTF8File() {
    var detector = TextEncodingDetector()
    var output: [UInt8] = []
    let bytes: [UInt8] = Array("é ok ".utf8) + [0xE9]
    bytes.withUnsafeBytes { detector.decode($0, final: true) { output.append(contentsOf: $0) } }
    #expect(String(decoding: output, as: UTF8.self) == "é ok é")
    #expect(detector.encoding == .utf8)
    #expect(detector.invalidUTF8Bytes == 1)
  }
}
