/// The arguments of one command: options (`--name value`, `--name=value`), flags (`--strict`)
/// and positional values, read off in order with errors that name the command.
///
/// Each option is taken once by the command; anything left over is an error, so a misspelt
/// option never passes silently.
public struct Arguments: Sendable {
  private var options: [(name: String, value: String?)] = []
  public private(set) var positionals: [String] = []

  /// Splits raw arguments; `flags` names the options that take no value.
  public init(_ raw: [String], flags: Set<String> = []) throws(CommandError) {
    var index = 0
    var onlyPositionals = false
    while index < raw.count {
      let argument = raw[index]
      index += 1
      if onlyPositionals || !argument.hasPrefix("--") || argument == "-" {
        if !onlyPositionals, argument.hasPrefix("-"), argument != "-", argument.count > 1 {
          throw .usage("unknown option \(argument)")
        }
        positionals.append(argument)
        continue
      }
      if argument == "--" {
        onlyPositionals = true
        continue
      }
      let body = argument.dropFirst(2)
      if let equals = body.firstIndex(of: "=") {
        options.append((String(body[..<equals]), String(body[body.index(after: equals)...])))
      } else if flags.contains(String(body)) {
        options.append((String(body), nil))
      } else {
        guard index < raw.count else { throw .usage("option --\(body) needs a value") }
        options.append((String(body), raw[index]))
        index += 1
      }
    }
  }

  /// Takes the value of `--name`, or nil when absent.
  public mutating func option(_ name: String) throws(CommandError) -> String? {
    let matches = options.indices.filter { options[$0].name == name }
    guard let first = matches.first else { return nil }
    guard matches.count == 1 else { throw .usage("option --\(name) given more than once") }
    let option = options.remove(at: first)
    guard let value = option.value else { throw .usage("option --\(name) needs a value") }
    return value
  }

  /// Takes `--name` and converts it, or throws a usage error naming what was expected.
  public mutating func option<T>(
    _ name: String, expected: String, _ convert: (String) -> T?
  ) throws(CommandError) -> T? {
    guard let raw = try option(name) else { return nil }
    guard let value = convert(raw) else {
      throw .usage("--\(name): expected \(expected), got \"\(raw)\"")
    }
    return value
  }

  /// Takes the flag `--name`, true when present.
  public mutating func flag(_ name: String) throws(CommandError) -> Bool {
    guard let index = options.firstIndex(where: { $0.name == name }) else { return false }
    guard options[index].value == nil else { throw .usage("--\(name) takes no value") }
    options.remove(at: index)
    return true
  }

  /// Takes the next positional argument, or throws a usage error naming it.
  public mutating func positional(_ what: String) throws(CommandError) -> String {
    guard !positionals.isEmpty else { throw .usage("missing \(what)") }
    return positionals.removeFirst()
  }

  /// Takes the next positional argument if there is one.
  public mutating func optionalPositional() -> String? {
    positionals.isEmpty ? nil : positionals.removeFirst()
  }

  /// Throws when an option or argument was not taken by the command.
  public func finish() throws(CommandError) {
    if let leftover = options.first {
      throw .usage("unknown option --\(leftover.name)")
    }
    if let extra = positionals.first {
      throw .usage("unexpected argument \"\(extra)\"")
    }
  }
}
