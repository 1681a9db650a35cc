import Foundation
import NPSCommands
import Synchronization

/// Paths the tests read: the package root and the shared data folder beside it.
enum TestPaths {
  static let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
  static func data(_ name: String) -> String { shared.appendingPathComponent("data/\(name)").path }
  static func caseFile(_ name: String) -> String {
    shared.appendingPathComponent("cases/\(name)").path
  }
  static func sample(_ name: String) -> String {
    packageRoot.appendingPathComponent("samples/\(name)").path
  }
}

/// The result of running `nps` in-process with captured output.
struct CommandRun {
  let status: ExitCode
  let out: String
  let err: String

  /// Runs `nps ARGUMENTS` through the library, as the executable does.
  init(_ arguments: [String]) {
    let out = Mutex("")
    let err = Mutex("")
    let console = Console(
      out: { text in out.withLock { $0 += text } }, err: { text in err.withLock { $0 += text } })
    status = NPSCommandLine.run(arguments, console: console)
    self.out = out.withLock { $0 }
    self.err = err.withLock { $0 }
  }

  /// Standard output parsed as a JSON object.
  func json() throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
    else { throw CocoaError(.coderReadCorrupt) }
    return object
  }
}

extension Double {
  /// Rounded to `places` decimals, for comparing with published two-decimal figures.
  func rounded(to places: Int) -> Double {
    let factor = pow(10, Double(places))
    return (self * factor).rounded() / factor
  }
}
