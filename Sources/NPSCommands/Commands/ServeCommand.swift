import Foundation
import HTTPServer
import SurveyService

/// `nps serve`: the web server and (unless `--no-worker`) the worker, in one process.
/// `nps worker`: the worker alone.
enum ServeCommand {
  static let help = """
    usage: nps serve [--no-worker] [--listen HOST:PORT] [--config FILE]
           nps worker [--config FILE]

    Configuration comes from the environment (NPS_DATABASE_URL, NPS_MAIL_URL, NPS_BASE_URL,
    NPS_LISTEN, NPS_DATA_DIR, NPS_TIME_ZONE, NPS_API_RATE, NPS_WORKER_BATCH, ... : every
    setting in README's table) or a JSON file with the same keys in snake case without NPS_
    ({"api_rate": 10}); the environment wins.
    """

  static func serve(_ raw: [String], console: Console) throws -> ExitCode {
    if raw.contains("--help") {
      console.line(help)
      return .success
    }
    var arguments = try Arguments(raw, flags: ["no-worker"])
    let noWorker = try arguments.flag("no-worker")
    let listen = try arguments.option("listen")
    let configuration = try loadConfiguration(&arguments, listen: listen)
    try arguments.finish()
    let runner = try open(configuration)
    do {
      try runner.serve(worker: !noWorker)
    } catch let error as ConfigurationError {
      throw CommandError(error)
    }
    return .success
  }

  static func worker(_ raw: [String], console: Console) throws -> ExitCode {
    var arguments = try Arguments(raw)
    let configuration = try loadConfiguration(&arguments)
    try arguments.finish()
    try open(configuration).work()
    return .success
  }

  static func loadConfiguration(_ arguments: inout Arguments, listen: String? = nil)
    throws(CommandError) -> ServiceConfiguration
  {
    let file = try arguments.option("config")
    do {
      return try ServiceConfiguration.load(configFile: file, listen: listen)
    } catch {
      throw CommandError(.config, error.description)
    }
  }

  /// 69 when what the configuration names cannot be reached, 78 when a setting is wrong.
  static func open(_ configuration: ServiceConfiguration) throws(CommandError) -> ServiceRunner {
    do {
      return try ServiceRunner(configuration: configuration)
    } catch {
      throw CommandError(error)
    }
  }
}

extension CommandError {
  /// A service configuration error: 69 when something named cannot be reached now (the
  /// database, the port), 78 when a setting is wrong (a missing key file, a bad mail URL).
  /// A database that failed to open gives the storage exit status (75 locked, 74 full).
  init(_ error: ConfigurationError) {
    if let storage = error.storageError {
      self = CommandError.storage(storage)
    } else {
      self.init(error.unavailable ? .unavailable : .config, error.description)
    }
  }
}
