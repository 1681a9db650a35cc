import CCurl
import CCurlShim
import Foundation
import Synchronization

/// Sends HTTP requests with libcurl, one at a time over one easy handle so connections to the
/// same host are reused.
///
/// Only `http` and `https` are allowed (also for anything curl might be asked to follow);
/// redirects are not followed: a 3xx is returned as it is. TLS certificates are verified.
///
/// Threading: the easy handle lives inside a `Mutex`, so the client may be shared; requests
/// from several threads run one after another.
public final class CurlHTTPClient: Sendable {
  /// Time limits and sizes.
  public struct Configuration: Sendable, Hashable {
    /// Limit to set up the TCP (and TLS) connection.
    public var connectTimeout: Duration = .seconds(5)
    /// Limit for the whole request, connection included.
    public var totalTimeout: Duration = .seconds(10)
    /// How much of a response body is kept (the rest is read and dropped).
    public var maxBodyBytes = 4096
    public var userAgent = "nps"

    public init(
      connectTimeout: Duration = .seconds(5), totalTimeout: Duration = .seconds(10),
      maxBodyBytes: Int = 4096, userAgent: String = "nps"
    ) {
      self.connectTimeout = connectTimeout
      self.totalTimeout = totalTimeout
      self.maxBodyBytes = maxBodyBytes
      self.userAgent = userAgent
    }
  }

  public let configuration: Configuration
  private let handle: Mutex<CurlEasyHandle?>

  public init(configuration: Configuration = Configuration()) {
    self.configuration = configuration
    handle = Mutex(nil)
  }

  /// Sends the request and returns the server's status and the start of its body, whatever the
  /// status; throws only when no HTTP response came.
  public func send(_ request: HTTPClientRequest) throws(HTTPClientError) -> HTTPClientResponse {
    let lower = request.url.lowercased()
    guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
      throw HTTPClientError(.invalidRequest, "only http and https URLs can be requested")
    }
    for header in request.headers
    where header.name.isEmpty || (header.name + header.value).contains(where: \.isNewline)
      || header.name.contains(":")
    {
      throw HTTPClientError(.invalidRequest, "invalid header \"\(header.name)\"")
    }
    let configuration = self.configuration
    let result: Result<HTTPClientResponse, HTTPClientError> = handle.withLock { slot in
      do throws(HTTPClientError) {
        if slot == nil { slot = try CurlEasyHandle(configuration: configuration) }
        return .success(try slot!.perform(request))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }
}
