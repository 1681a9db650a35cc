import HTTPServer

/// Recognises the RFC 8058 one-click unsubscribe POST: a body holding the field
/// `List-Unsubscribe` with the value `One-Click`, sent as `application/x-www-form-urlencoded`
/// or `multipart/form-data` (the two types RFC 8058 allows).
enum UnsubscribeRequest {
  static func isOneClick(_ request: Request) -> Bool {
    switch request.mediaType {
    case "application/x-www-form-urlencoded":
      return (try? FormFields(urlEncodedBytes: request.body))?["List-Unsubscribe"] == "One-Click"
    case "multipart/form-data":
      return multipartHasOneClick(request)
    default:
      return false
    }
  }

  /// A small multipart reader: splits on the boundary and looks for the part named
  /// `List-Unsubscribe` whose content is `One-Click`.
  private static func multipartHasOneClick(_ request: Request) -> Bool {
    guard let contentType = request.headers["Content-Type"],
      let range = contentType.range(of: "boundary="),
      let body = request.bodyText
    else { return false }
    var boundary = String(contentType[range.upperBound...])
    if let semicolon = boundary.firstIndex(of: ";") { boundary = String(boundary[..<semicolon]) }
    boundary = boundary.trimmingCharacters(in: ["\"", " "])
    guard !boundary.isEmpty else { return false }
    for part in body.components(separatedBy: "--" + boundary) {
      guard let split = part.range(of: "\r\n\r\n") ?? part.range(of: "\n\n") else { continue }
      let headers = part[..<split.lowerBound].lowercased()
      let content = part[split.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
      if headers.contains("name=\"list-unsubscribe\"") && content == "One-Click" { return true }
    }
    return false
  }
}
