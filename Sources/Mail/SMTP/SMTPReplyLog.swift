/// What the SMTP dialogue of one transfer said, captured from curl's debug callback: the
/// command verb being answered and the first reply of 400 or more.
///
/// Only known command verbs are kept, never arguments; other lines the client sends (SASL
/// continuations carrying credentials) belong to the command before them and are not stored.
final class SMTPReplyLog {
  /// The verb of the last command sent (`EHLO`, `MAIL`, `RCPT`, `DATA`, `AUTH`...).
  private(set) var lastCommand: String?
  /// The verb of the command the first failing reply answered.
  private(set) var failedCommand: String?
  /// The first reply with a code of 400 or more.
  private(set) var failedCode: Int?
  /// That reply's text after the code.
  private(set) var failedText: String?

  /// Forgets the previous transfer.
  func reset() {
    lastCommand = nil
    failedCommand = nil
    failedCode = nil
    failedText = nil
  }

  /// The SMTP verbs curl sends.
  private static let verbs: Set<String> = [
    "HELO", "EHLO", "STARTTLS", "AUTH", "MAIL", "RCPT", "DATA", "RSET", "QUIT", "NOOP", "VRFY",
  ]

  /// A line the client sent (curl's CURLINFO_HEADER_OUT).
  func commandSent(_ line: String) {
    let verb = line.prefix { $0 != " " && $0 != "\r" && $0 != "\n" && $0 != ":" }.uppercased()
    guard SMTPReplyLog.verbs.contains(verb) else { return }
    lastCommand = verb
  }

  /// A line the server sent (curl's CURLINFO_HEADER_IN).
  func replyReceived(_ line: String) {
    let trimmed = line.trimmingCharacters(in: "\r\n")
    guard failedCode == nil, trimmed.count >= 3, let code = Int(trimmed.prefix(3)), code >= 400
    else { return }
    failedCode = code
    failedCommand = lastCommand
    failedText = String(trimmed.dropFirst(4))
  }
}

extension String {
  fileprivate func trimmingCharacters(in characters: String) -> String {
    var slice = self[...]
    while let last = slice.last, characters.contains(last) { slice.removeLast() }
    return String(slice)
  }
}
