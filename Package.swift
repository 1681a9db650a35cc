// swift-tools-version:6.0
import PackageDescription

/// Swift 6 language mode everywhere, with `any` spelled out for existentials.
let swiftSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
  name: "nps",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "nps", targets: ["nps"])
  ],
  targets: [
    // C libraries from Debian, one system library target each.
    .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
    .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
    .systemLibrary(
      name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
    .systemLibrary(
      name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
    .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
    // Thin C wrappers for what Swift cannot call: variadic functions and macros.
    .target(name: "CHTTPShim", dependencies: ["CMicroHTTPD"]),
    .target(name: "CCurlShim", dependencies: ["CCurl"]),

    // The domain, with no I/O.
    .target(name: "NPSCore", swiftSettings: swiftSettings),
    // Stores: SQLite (embedded default) and PostgreSQL (multi-node).
    .target(
      name: "Storage", dependencies: ["NPSCore", "CSQLite", "CPostgres"],
      swiftSettings: swiftSettings),
    // MIME messages and transports (SMTP on libcurl, .eml outbox).
    .target(name: "Mail", dependencies: ["CCurl", "CCurlShim"], swiftSettings: swiftSettings),
    // A small HTTP client on libcurl (webhook deliveries); knows nothing of NPS.
    .target(
      name: "HTTPClient", dependencies: ["CCurl", "CCurlShim"], swiftSettings: swiftSettings),
    // A small generic HTTP server on libmicrohttpd; knows nothing of NPS.
    .target(
      name: "HTTPServer", dependencies: ["CMicroHTTPD", "CHTTPShim"], swiftSettings: swiftSettings),
    // The application: ingest, scheduling, worker, pages, API, auth.
    .target(
      name: "SurveyService",
      dependencies: ["NPSCore", "Storage", "Mail", "HTTPServer", "HTTPClient", "CSodium"],
      swiftSettings: swiftSettings),
    // The command line: argument parsing and printing over the libraries.
    .target(
      name: "NPSCommands", dependencies: ["NPSCore", "Storage", "SurveyService"],
      swiftSettings: swiftSettings),
    // Test support shipped as a library: fresh SQLite and PostgreSQL stores for test targets.
    // Test support shipped as a library: a real SMTP server on loopback and the mail checker.
    .target(name: "MailTesting", dependencies: ["Mail"], swiftSettings: swiftSettings),
    .target(name: "StoreTesting", dependencies: ["Storage"], swiftSettings: swiftSettings),
    .executableTarget(name: "nps", dependencies: ["NPSCommands"], swiftSettings: swiftSettings),

    .testTarget(name: "NPSCoreTests", dependencies: ["NPSCore"], swiftSettings: swiftSettings),
    .testTarget(
      name: "StorageTests", dependencies: ["Storage", "NPSCore", "StoreTesting"],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "MailTests", dependencies: ["Mail", "MailTesting"], swiftSettings: swiftSettings),
    .testTarget(
      name: "HTTPServerTests", dependencies: ["HTTPServer"], swiftSettings: swiftSettings),
    .testTarget(
      name: "SurveyServiceTests",
      dependencies: [
        "SurveyService", "Storage", "NPSCore", "Mail", "HTTPServer", "HTTPClient", "StoreTesting",
        "MailTesting",
      ],
      swiftSettings: swiftSettings),
    .testTarget(
      name: "NPSCommandsTests",
      dependencies: ["NPSCommands", "NPSCore", "Storage", "StoreTesting", "MailTesting"],
      swiftSettings: swiftSettings),
  ]
)
