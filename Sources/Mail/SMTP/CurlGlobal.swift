import CCurl
import CCurlShim

/// The one call to `curl_global_init`, made before any handle is created.
///
/// `curl_global_init` must run once, before threads use curl. A `static let` is initialised
/// lazily exactly once, with the runtime's `swift_once` guarding concurrent first use, so every
/// path that creates an easy handle reads ``result`` first and the first reader runs the init.
enum CurlGlobal {
  /// curl_global_init(CURL_GLOBAL_ALL)'s result.
  /// The shim runs it under `pthread_once`, shared with the HTTP client module.
  static let result: CURLcode = nps_curl_global_init_once()

  /// Runs the global init if it has not run, and reports whether it succeeded.
  static func ensureInitialised() -> Bool { result == CURLE_OK }
}
