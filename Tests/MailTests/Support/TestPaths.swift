import MailTesting

/// The shared mail test paths under the name these tests use.
typealias TestPaths = MailTestPaths
