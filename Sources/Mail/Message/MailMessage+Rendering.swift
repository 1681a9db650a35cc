import Foundation

extension MailMessage {
  /// The message as RFC 5322 bytes with CRLF line breaks, with a new random MIME boundary.
  ///
  /// Throws ``MailMessageError/noBody``, ``MailMessageError/noRecipients``,
  /// ``MailMessageError/headerContainsControlCharacter(field:)`` (subject) or
  /// ``MailMessageError/headerTooLong(field:)``.
  public func rendered() throws(MailMessageError) -> Data {
    var generator = SystemRandomNumberGenerator()
    return try rendered(boundary: "=_nps_" + RandomToken.hex(bytes: 16, using: &generator))
  }

  /// The message rendered with a given multipart boundary, which must start with `=_` (a
  /// sequence quoted-printable output never contains) followed by 1-68 characters from
  /// `A-Za-z0-9'()+_,-./:=?`.
  public func rendered(boundary: String) throws(MailMessageError) -> Data {
    try Data(renderedText(boundary: boundary).utf8)
  }

  func renderedText(boundary: String) throws(MailMessageError) -> String {
    try MailMessage.checkBoundary(boundary)
    guard !to.isEmpty else { throw .noRecipients }
    try MailHeaderText.check(subject, field: "Subject")
    var head = ""
    head += try HeaderFolding.fold(name: "Date", tokens: [MailDate.format(date)])
    head += try addressHeader("From", [from])
    if let replyTo { head += try addressHeader("Reply-To", [replyTo]) }
    head += try addressHeader("To", to)
    head += try HeaderFolding.fold(
      name: "Subject", tokens: HeaderFolding.unstructuredTokens(subject, name: "Subject"))
    head += try HeaderFolding.fold(name: "Message-ID", tokens: [messageID.bracketed])
    if let listUnsubscribe {
      var uris = ["<" + listUnsubscribe.url + ">"]
      if let mailto = listUnsubscribe.mailto { uris = ["<" + mailto + ">,"] + uris }
      head += try HeaderFolding.fold(name: "List-Unsubscribe", tokens: uris)
      if listUnsubscribe.oneClick {
        head += try HeaderFolding.fold(
          name: "List-Unsubscribe-Post", tokens: ["List-Unsubscribe=One-Click"])
      }
    }
    for header in extraHeaders {
      head += try HeaderFolding.fold(
        name: header.name, tokens: HeaderFolding.unstructuredTokens(header.value, name: header.name)
      )
    }
    head += "MIME-Version: 1.0\r\n"
    switch (textBody, htmlBody) {
    case (nil, nil):
      throw .noBody
    case (let text?, nil):
      return head + MailMessage.part(type: "text/plain", body: text, isLast: true)
    case (nil, let html?):
      return head + MailMessage.part(type: "text/html", body: html, isLast: true)
    case (let text?, let html?):
      head += "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"\r\n\r\n"
      head += "This is a multi-part message in MIME format.\r\n"
      // The CRLF before each delimiter line belongs to the delimiter (RFC 2046 section 5.1.1),
      // so a body that does not end with a line break decodes without one.
      head += "--\(boundary)\r\n" + MailMessage.part(type: "text/plain", body: text, isLast: false)
      head +=
        "\r\n--\(boundary)\r\n" + MailMessage.part(type: "text/html", body: html, isLast: false)
      return head + "\r\n--\(boundary)--\r\n"
    }
  }

  private func addressHeader(_ name: String, _ mailboxes: [MailAddress]) throws(MailMessageError)
    -> String
  {
    var tokens: [String] = []
    for (index, mailbox) in mailboxes.enumerated() {
      var mailboxTokens = HeaderFolding.mailboxTokens(mailbox, nameLength: name.utf8.count)
      if index < mailboxes.count - 1 { mailboxTokens[mailboxTokens.count - 1] += "," }
      tokens += mailboxTokens
    }
    return try HeaderFolding.fold(name: name, tokens: tokens)
  }

  /// A body part's headers, a blank line and its quoted-printable body; the last part of a
  /// message ends with CRLF.
  private static func part(type: String, body: String, isLast: Bool) -> String {
    var encoded = QuotedPrintable.encode(body)
    if isLast && !encoded.hasSuffix("\r\n") { encoded += "\r\n" }
    return "Content-Type: \(type); charset=utf-8\r\n"
      + "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + encoded
  }

  private static func checkBoundary(_ boundary: String) throws(MailMessageError) {
    let allowed = Set(
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'()+_,-./:=?".utf8)
    guard boundary.hasPrefix("=_"), boundary.utf8.count >= 3, boundary.utf8.count <= 70,
      boundary.utf8.allSatisfy(allowed.contains)
    else { throw .invalidBoundary(boundary) }
  }
}
