import HTTPServer

/// `DashboardResponse` under a name that does not clash with `Storage.Response` (a survey
/// response) in files that import both; `DashboardResponse` itself does not resolve because
/// the module has a class of the same name.
typealias DashboardResponse = Response
