import Foundation

/// A small leveled logger: a minimum level and a sink that receives finished lines.
///
/// Routine success logs at `debug`; client errors (4xx) at `debug`; failures the operator must
/// see (a handler's unexpected error, libmicrohttpd's own errors) at `error`.
public struct Logger: Sendable {
  /// Severity, lowest first.
  public enum Level: Int, Sendable, Comparable, CustomStringConvertible {
    case debug = 0
    case info = 1
    case warning = 2
    case error = 3

    public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
      switch self {
      case .debug: "debug"
      case .info: "info"
      case .warning: "warning"
      case .error: "error"
      }
    }
  }

  /// Messages below this level are not formatted or sent.
  public var minimumLevel: Level
  private let sink: (@Sendable (Level, String) -> Void)?

  /// A logger sending lines at or above `minimumLevel` to `sink`.
  public init(minimumLevel: Level = .info, sink: @escaping @Sendable (Level, String) -> Void) {
    self.minimumLevel = minimumLevel
    self.sink = sink
  }

  private init(disabled: Void) {
    minimumLevel = .error
    sink = nil
  }

  /// Discards everything.
  public static let disabled = Logger(disabled: ())

  /// Writes `LEVEL [label] message` lines to standard error.
  public static func standardError(label: String, minimumLevel: Level = .info) -> Logger {
    Logger(minimumLevel: minimumLevel) { level, message in
      FileHandle.standardError.write(Data("\(level) [\(label)] \(message)\n".utf8))
    }
  }

  /// Whether a message at `level` would be sent.
  public func isEnabled(_ level: Level) -> Bool {
    sink != nil && level >= minimumLevel
  }

  /// Sends `message` at `level` when enabled; the message is built only then.
  public func log(_ level: Level, _ message: @autoclosure () -> String) {
    guard let sink, level >= minimumLevel else { return }
    sink(level, message())
  }

  public func debug(_ message: @autoclosure () -> String) { log(.debug, message()) }
  public func info(_ message: @autoclosure () -> String) { log(.info, message()) }
  public func warning(_ message: @autoclosure () -> String) { log(.warning, message()) }
  public func error(_ message: @autoclosure () -> String) { log(.error, message()) }
}
