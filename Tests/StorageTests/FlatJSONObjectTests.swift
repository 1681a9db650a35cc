import Foundation
import Testing

@testable import Storage

/// The stored string maps (contact, interaction and response properties) read back exactly,
/// through the direct scan or, for anything else, through JSONDecoder.
@Suite struct FlatJSONObjectTests {
  @Test(arguments: [
    [:],
    ["plan": "pro"],
    ["plan": "pro", "team": "Support EU", "agent": "Zoë"],
    ["quote": "say \"hi\"", "slash": "a\\b/c", "lines": "one\r\ntwo\tthree"],
    ["control": "\u{01}\u{1F}", "emoji": "👨‍👩‍👧‍👦", "": "empty key"],
  ])
  func encodedMapsDecodeToThemselves(map: [String: String]) {
    #expect(JSONText.decodeMap(JSONText.encode(map)) == map)
    #expect(FlatJSONObject.strings(JSONText.encode(map)) == map)
  }

  @Test func theScanAgreesWithJSONDecoder() throws {
    let texts = [
      #"{"a":"b"}"#, #" { "a" : "b" , "c":"d" } "#, #"{"u":"\u00e9\ud83d\ude00\/"}"#,
      #"{"b":"\b\f"}"#, #"{}"#,
    ]
    for text in texts {
      let decoded = try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
      #expect(FlatJSONObject.strings(text) == decoded, "\(text)")
    }
  }

  @Test func anythingElseIsLeftToJSONDecoder() {
    for text in [
      #"{"n":1}"#, #"{"a":"b",}"#, #"{"a":"b"} x"#, #"["a"]"#, #"{"a":"\x"}"#,
      #"{"a":"\ud800"}"#, "{\"a\":\"\u{01}\"}", #"{"a":"b""#,
    ] {
      #expect(FlatJSONObject.strings(text) == nil, "\(text)")
    }
    #expect(JSONText.decodeMap(#"{"n":1}"#) == [:])
    #expect(JSONText.decodeMap(nil) == [:])
  }
}
