import HTTPServer

/// The HTTP response type, named apart from `Storage.Response` (a survey response) for files
/// that import both modules.
typealias HTTPResponse = Response
