import Foundation

extension Request {
  /// The body decoded as `application/x-www-form-urlencoded` (`+` is a space, escapes are
  /// UTF-8). Throws `415 Unsupported Media Type` for another `Content-Type` and
  /// `400 Bad Request` for malformed data.
  public func formFields() throws(HTTPError) -> FormFields {
    guard mediaType == "application/x-www-form-urlencoded" else {
      throw HTTPError(
        .unsupportedMediaType, message: "Expected application/x-www-form-urlencoded")
    }
    return try FormFields(urlEncodedBytes: body)
  }

  /// The body decoded as JSON into `type`. Throws `415 Unsupported Media Type` unless the
  /// `Content-Type` is `application/json` or `application/*+json`, and `400 Bad Request` when the
  /// body does not decode (the decoder's detail is not sent to the client).
  public func decodeJSON<Value: Decodable>(
    _ type: Value.Type, decoder: JSONDecoder = JSONDecoder()
  ) throws(HTTPError) -> Value {
    guard let mediaType, mediaType == "application/json" || mediaType.hasSuffix("+json") else {
      throw HTTPError(.unsupportedMediaType, message: "Expected application/json")
    }
    do {
      return try decoder.decode(Value.self, from: Data(body))
    } catch {
      throw HTTPError.badRequest("Invalid JSON body")
    }
  }
}
