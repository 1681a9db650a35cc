import Foundation
import Storage
import StoreTesting
import Testing

/// What the command line changes is in the audit log, as what the dashboard changes is.
@Suite struct CommandAuditTests {
  @Test func keysSurveysAndUsersMadeFromTheCommandLineAreAudited() throws {
    try withTestDatabaseURL(.sqlite) { url in
      #expect(
        CommandRun(["apikey", "create", "--scope", "read", "--database", url]).status == .success)
      #expect(CommandRun(["apikey", "revoke", "1", "--database", url]).status == .success)
      #expect(
        CommandRun(["survey", "create", "onboarding", "--delay", "5", "--database", url]).status
          == .success)
      #expect(
        CommandRun(["survey", "update", "onboarding", "--delay", "10", "--database", url]).status
          == .success)
      let store = try StoreFactory.open(url: url)
      defer { store.close() }
      let entries = try store.auditLog(limit: 10)
      let survey = try #require(try store.survey(slug: "onboarding"))
      #expect(
        Set(entries.map { "\($0.action) \($0.target)" }) == [
          "apikey.create apikey:1", "apikey.revoke apikey:1",
          "survey.create survey:\(survey.id)", "survey.update survey:\(survey.id)",
        ])
      #expect(entries.allSatisfy { $0.actor.hasPrefix("cli:") })
    }
  }

  /// Without `USER` (a service, a container) the actor is the process owner's login name,
  /// not "unknown".
  @Test func withoutUSERTheActorIsTheProcessOwner() throws {
    let folder = try SendingProcess.temporaryFolder("audit-owner")
    defer { try? FileManager.default.removeItem(at: folder) }
    var environment = SendingProcess.environment(data: folder)
    environment["USER"] = nil
    let (status, _, err) = try SendingProcess.run(
      ["apikey", "create", "--scope", "read"], environment: environment)
    #expect(status == 0, "\(err)")
    let owner = String(cString: try #require(getpwuid(getuid())?.pointee.pw_name))
    let store = try StoreFactory.open(url: "sqlite://" + folder.path + "/nps.sqlite")
    defer { store.close() }
    let actors = try store.auditLog(limit: 10).map(\.actor)
    #expect(actors == ["cli:\(owner)"], "\(actors) \(owner)")
  }
}
