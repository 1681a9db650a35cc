import Foundation
import Storage
import SurveyService

#if canImport(Glibc)
  import Glibc
#endif

/// `nps user add EMAIL --role admin|member|viewer [--name NAME] [--password-stdin]` and
/// `nps user list`: dashboard accounts. The password is asked on the terminal without echo,
/// or read from the first line of standard input with `--password-stdin`.
enum UserCommand {
  static let help = """
    usage: nps user add EMAIL --role admin|member|viewer [--name NAME] [--password-stdin]
           nps user password EMAIL [--password-stdin]
           nps user list
    Store options: --database URL, --config FILE.
    """

  static func run(_ raw: [String], console: Console) throws -> ExitCode {
    if raw.contains("--help") || raw.isEmpty {
      console.line(help)
      return raw.isEmpty ? .usage : .success
    }
    var arguments = try Arguments(raw, flags: ["password-stdin"])
    let action = try arguments.positional("action (add, password or list)")
    switch action {
    case "add":
      let givenEmail = try arguments.positional("EMAIL")
      guard let roleName = try arguments.option("role") else {
        throw CommandError.usage("--role admin|member|viewer is required")
      }
      guard let role = DashboardRole(rawValue: roleName) else {
        throw CommandError.usage("--role must be admin, member or viewer")
      }
      let givenName = try arguments.option("name") ?? ""
      let fromStdin = try arguments.flag("password-stdin")
      let storeOptions = try StoreOptions(&arguments)
      try arguments.finish()
      let (email, name): (String, String)
      do {
        email = try UserDetails.email(givenEmail)
        name = try UserDetails.name(givenName)
      } catch {
        throw CommandError(.dataError, error.description)
      }
      let hash = try hashedPassword(fromStdin: fromStdin, console: console)
      let store = try storeOptions.open(.createIfMissing)
      defer { store.close() }
      do {
        if try store.user(email: email) != nil {
          throw CommandError(.dataError, "a user with email \(email) exists")
        }
        let user = try store.createUser(
          email: email, name: name, passwordHash: hash, role: role.rawValue, now: Date())
        try CommandAudit.record(store, action: "user.create", target: "user:\(user.id)")
        console.line("added \(user.email) (\(user.role)), id \(user.id)")
      } catch let error as CommandError {
        throw error
      } catch {
        throw CommandError.storage(error)
      }
      return .success
    case "password":
      let email = try arguments.positional("EMAIL")
      let fromStdin = try arguments.flag("password-stdin")
      let storeOptions = try StoreOptions(&arguments)
      try arguments.finish()
      let hash = try hashedPassword(fromStdin: fromStdin, console: console)
      let store = try storeOptions.open(.existing)
      defer { store.close() }
      do {
        guard let user = try store.user(email: email) else {
          throw CommandError(.dataError, "no user with email \(email)")
        }
        try store.setPassword(userID: user.id, passwordHash: hash)
        try CommandAudit.record(store, action: "user.password_reset", target: "user:\(user.id)")
        console.line("password changed for \(user.email); their sessions ended")
      } catch let error as CommandError {
        throw error
      } catch {
        throw CommandError.storage(error)
      }
      return .success
    case "list":
      let storeOptions = try StoreOptions(&arguments)
      try arguments.finish()
      let store = try storeOptions.open(.existing)
      defer { store.close() }
      do {
        for user in try store.users() {
          console.line(
            "\(user.id)\t\(user.email)\t\(user.role)"
              + (user.disabledAt == nil ? "" : "\tdisabled"))
        }
      } catch { throw CommandError.storage(error) }
      return .success
    default:
      throw CommandError.usage("unknown action \"\(action)\" (add, password or list)")
    }
  }

  static func hashedPassword(fromStdin: Bool, console: Console) throws -> String {
    let password: String
    if fromStdin {
      guard let line = readLine(strippingNewline: true) else {
        throw CommandError(.noInput, "no password on standard input")
      }
      password = line
    } else {
      guard isatty(STDIN_FILENO) == 1 else {
        throw CommandError.usage("standard input is not a terminal: use --password-stdin")
      }
      let first = try readHidden(prompt: "Password: ", console: console)
      let second = try readHidden(prompt: "Again: ", console: console)
      guard first == second else { throw CommandError(.dataError, "the passwords differ") }
      password = first
    }
    do {
      return try PasswordHasher.hash(password)
    } catch {
      throw CommandError(.dataError, error.description)
    }
  }

  /// Reads a line from the terminal with echo off, restoring the terminal afterwards.
  static func readHidden(prompt: String, console: Console) throws -> String {
    console.err(prompt)
    var original = termios()
    guard tcgetattr(STDIN_FILENO, &original) == 0 else {
      throw CommandError(.ioError, "cannot read the terminal settings")
    }
    var silent = original
    silent.c_lflag &= ~tcflag_t(ECHO)
    _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
    defer {
      _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
      console.err("\n")
    }
    guard let line = readLine(strippingNewline: true) else {
      throw CommandError(.noInput, "no password given")
    }
    return line
  }
}
