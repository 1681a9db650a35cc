import Foundation
import Storage
import SurveyService

/// `nps apikey create --scope ingest|read|admin [--name N]` prints the new key alone on
/// stdout (once: only its hash is kept); `nps apikey list`; `nps apikey revoke ID`.
enum APIKeyCommand {
  static let help = """
    usage: nps apikey create --scope ingest|read|admin [--name NAME]
           nps apikey list
           nps apikey revoke ID
      --database URL   --config FILE
    """

  static func run(_ raw: [String], console: Console) throws -> ExitCode {
    if raw.contains("--help") {
      console.line(help)
      return .success
    }
    var arguments = try Arguments(raw)
    let action = try arguments.positional("an action (create, list or revoke)")
    switch action {
    case "create":
      guard let scopeText = try arguments.option("scope") else {
        throw CommandError.usage("--scope ingest|read|admin is required")
      }
      guard let scope = APIScope(rawValue: scopeText) else {
        throw CommandError.usage("--scope must be ingest, read or admin, got \"\(scopeText)\"")
      }
      let name = try arguments.option("name") ?? scope.rawValue
      let store = try StoreOptions(&arguments).open(.createIfMissing)
      defer { store.close() }
      try arguments.finish()
      do {
        let created = try APIKeys.create(store: store, name: name, scope: scope, now: Date())
        try CommandAudit.record(
          store, action: "apikey.create", target: "apikey:\(created.record.id)")
        console.line(created.key)
        console.errorLine(
          "created API key \(created.record.id) \"\(name)\" (\(scope.rawValue)); "
            + "it is shown only now")
      } catch { throw CommandError.storage(error) }
    case "list":
      let store = try StoreOptions(&arguments).open(.existing)
      defer { store.close() }
      try arguments.finish()
      do {
        for key in try store.apiKeys() {
          let state = key.revokedAt == nil ? "active" : "revoked"
          console.line(
            "\(key.id)\t\(key.prefix)…\t\(key.name)\t\(key.scopes.joined(separator: ","))\t\(state)"
          )
        }
      } catch { throw CommandError.storage(error) }
    case "revoke":
      let idText = try arguments.positional("the key's ID (see nps apikey list)")
      guard let id = Int64(idText) else { throw CommandError.usage("ID must be a number") }
      let store = try StoreOptions(&arguments).open(.existing)
      defer { store.close() }
      try arguments.finish()
      do {
        try store.revokeAPIKey(id: id, at: Date())
        try CommandAudit.record(store, action: "apikey.revoke", target: "apikey:\(id)")
      } catch { throw CommandError.storage(error) }
      console.errorLine("revoked API key \(id)")
    default:
      throw CommandError.usage("unknown action \"\(action)\" (expected create, list or revoke)")
    }
    return .success
  }
}
