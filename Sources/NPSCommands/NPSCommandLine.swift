import Foundation
import Storage

/// The `nps` command line: picks the command from the first argument and runs it.
/// The executable only calls `run`; everything here is testable.
public enum NPSCommandLine {
  /// A command: its name, a one-line summary, and what it does with its arguments.
  struct Command: Sendable {
    let name: String
    let summary: String
    let run: @Sendable ([String], Console) throws -> ExitCode
  }

  static let commands: [Command] = [
    Command(name: "serve", summary: "run the web server and the worker", run: ServeCommand.serve),
    Command(name: "worker", summary: "run the worker alone", run: ServeCommand.worker),
    Command(name: "score", summary: "NPS of a CSV file of responses", run: ScoreCommand.run),
    Command(
      name: "migrate", summary: "bring the database schema up to date", run: MigrateCommand.run),
    Command(
      name: "import", summary: "import responses or interactions from a CSV file",
      run: ImportCommand.run),
    Command(name: "report", summary: "NPS figures from the database", run: ReportCommand.run),
    Command(name: "export", summary: "export responses as CSV", run: ExportCommand.run),
    Command(
      name: "invite", summary: "invite one person now; prints the links", run: InviteCommand.run),
    Command(
      name: "rollups", summary: "rollups rebuild: recount every rollup", run: RollupsCommand.run),
    Command(name: "apikey", summary: "create, list or revoke API keys", run: APIKeyCommand.run),
    Command(
      name: "survey", summary: "create, update, list or show surveys", run: SurveyCommand.run),
    Command(
      name: "send-test", summary: "send one survey email through the configured transport",
      run: SendTestCommand.run),
    Command(
      name: "decisions", summary: "why an interaction was (not) surveyed",
      run: DecisionsCommand.run),
    Command(name: "user", summary: "dashboard users: add, password, list", run: UserCommand.run),
    Command(
      name: "webhook", summary: "signed webhooks: add, list, remove, deliveries",
      run: WebhookCommand.run),
  ]

  static var usage: String {
    let width = commands.map(\.name.count).max() ?? 0
    let lines = commands.map {
      "  " + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.summary
    }
    return """
      usage: nps COMMAND [OPTIONS]

      commands:
      \(lines.joined(separator: "\n"))

      Run `nps COMMAND --help` for a command's options.
      """
  }

  /// Runs the command named by `arguments[0]` and returns its exit status.
  public static func run(_ arguments: [String], console: Console = .standard) -> ExitCode {
    guard let name = arguments.first else {
      console.errorLine(usage)
      return .usage
    }
    if name == "--help" || name == "-h" || name == "help" {
      console.line(usage)
      return .success
    }
    guard let command = commands.first(where: { $0.name == name }) else {
      console.errorLine("nps: unknown command \"\(name)\"\n\n\(usage)")
      return .usage
    }
    do {
      return try command.run(Array(arguments.dropFirst()), console)
    } catch let error as CommandError {
      console.errorLine("nps \(name): \(error.message)")
      return error.code
    } catch let error as StorageError {
      let error = CommandError.storage(error)
      console.errorLine("nps \(name): \(error.message)")
      return error.code
    } catch {
      console.errorLine("nps \(name): \(error)")
      return .software
    }
  }
}
