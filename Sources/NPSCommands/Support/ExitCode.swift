/// Exit statuses from sysexits(3), so scripts can tell bad usage from bad data.
public enum ExitCode: Int32, Sendable {
  case success = 0
  case failure = 1
  /// The command was used incorrectly (unknown option, missing argument).
  case usage = 64
  /// The input data was incorrect (rejected rows with `--strict`, an unusable file).
  case dataError = 65
  /// An input file did not exist or was not readable.
  case noInput = 66
  /// A service (database, mail server) was unavailable.
  case unavailable = 69
  /// An internal error.
  case software = 70
  /// An output file could not be created.
  case cannotCreate = 73
  /// An error while reading or writing: a file, or the database (its disk full, an I/O error).
  case ioError = 74
  /// A temporary failure: the database was locked by another connection for longer than the
  /// wait allowed. Trying again later may succeed.
  case tempFail = 75
  /// Configuration was wrong.
  case config = 78
}

/// An error that ends a command with a message on stderr and an exit status.
public struct CommandError: Error, Sendable, CustomStringConvertible {
  public let code: ExitCode
  public let message: String

  public init(_ code: ExitCode, _ message: String) {
    self.code = code
    self.message = message
  }

  public static func usage(_ message: String) -> CommandError { CommandError(.usage, message) }

  public var description: String { message }
}
