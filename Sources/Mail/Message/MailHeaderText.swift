/// What text may go into a header: the one rule for subjects, display names and extra header
/// values, public so that applications can refuse such text when it is typed in rather than when
/// a message is rendered.
///
/// Refused: control characters (Unicode category Cc: C0 other than tab, DEL, C1 including
/// U+0085 NEXT LINE) and the Unicode line and paragraph separators U+2028 and U+2029. Nothing is
/// ever removed silently; ``check(_:field:)`` throws.
public enum MailHeaderText {
  /// Whether `scalar` may appear in a header value.
  public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
    if scalar == "\t" { return true }
    return scalar.properties.generalCategory != .control && scalar != "\u{2028}"
      && scalar != "\u{2029}"
  }

  /// Throws ``MailMessageError/headerContainsControlCharacter(field:)`` when `value` holds a
  /// character ``isAllowed(_:)`` refuses.
  public static func check(_ value: String, field: String) throws(MailMessageError) {
    guard value.unicodeScalars.allSatisfy(isAllowed) else {
      throw .headerContainsControlCharacter(field: field)
    }
  }
}
