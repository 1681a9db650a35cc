import Foundation
import Storage

/// `nps migrate`: brings the database schema up to date.
enum MigrateCommand {
  static func run(_ raw: [String], console: Console) throws -> ExitCode {
    var arguments = try Arguments(raw)
    let storeOptions = try StoreOptions(&arguments)
    try arguments.finish()
    let store = try storeOptions.open(.createIfMissing, migrate: false)
    defer { store.close() }
    do {
      let applied = try store.migrate(now: Date())
      let version = try store.schemaVersion()
      console.line(
        applied.isEmpty
          ? "schema is up to date (version \(version))"
          : "applied migrations \(applied.map(String.init).joined(separator: ", ")); "
            + "schema version \(version)")
    } catch {
      throw CommandError.storage(error)
    }
    return .success
  }
}

/// `nps rollups rebuild`: recomputes every rollup from the responses.
enum RollupsCommand {
  static func run(_ raw: [String], console: Console) throws -> ExitCode {
    var arguments = try Arguments(raw)
    let action = try arguments.positional("action (rebuild)")
    guard action == "rebuild" else { throw CommandError.usage("unknown action \"\(action)\"") }
    let storeOptions = try StoreOptions(&arguments)
    try arguments.finish()
    let store = try storeOptions.open(.existing)
    defer { store.close() }
    let started = Date()
    do { try store.rebuildRollups() } catch { throw CommandError.storage(error) }
    console.line(
      "rollups rebuilt in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
    return .success
  }
}
