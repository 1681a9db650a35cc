import Foundation
import Storage

/// Audit entries for what the command line changes, beside the dashboard's own: the actor is
/// `cli:` and the login name of the person running the command.
enum CommandAudit {
  static var actor: String {
    let name = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 }
    return "cli:" + (name ?? "unknown")
  }

  static func record(_ store: SQLStore, action: String, target: String) throws {
    try store.appendAudit(AuditEntry(at: Date(), actor: actor, action: action, target: target))
  }
}
