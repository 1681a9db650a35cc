import Foundation
import Storage

/// Audit entries for what the command line changes, beside the dashboard's own: the actor is
/// `cli:` and the login name of the person running the command (`USER`, else the process
/// owner's name).
enum CommandAudit {
  static var actor: String {
    let name = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 }
    return "cli:" + (name ?? processOwner ?? "uid-\(getuid())")
  }

  /// The login name of the process's user from the password database, for when `USER` is not
  /// set (services, containers, `su` without a login shell).
  static var processOwner: String? {
    guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return nil }
    let text = String(cString: name)
    return text.isEmpty ? nil : text
  }

  static func record(_ store: SQLStore, action: String, target: String) throws {
    try store.appendAudit(AuditEntry(at: Date(), actor: actor, action: action, target: target))
  }
}
