// swift-tools-version:6.0
// A stand-alone package for the HTTP benchmark: the module sources are symlinks into the main
// package, so the main Package.swift stays untouched. Build: swift build -c release.
import PackageDescription

let package = Package(
  name: "http-bench",
  targets: [
    .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd"),
    .target(name: "CHTTPShim", dependencies: ["CMicroHTTPD"]),
    .target(
      name: "HTTPServer", dependencies: ["CMicroHTTPD", "CHTTPShim"],
      swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
    .executableTarget(name: "http-bench", dependencies: ["HTTPServer"]),
  ]
)
