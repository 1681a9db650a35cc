import Foundation
import Storage
import Testing

/// `nps import interactions` holds occurred_at to the API's rule: not before 1970, not more
/// than a day ahead of the clock (a far-future row would hold its contact's invitation forever).
@Suite struct ImportInteractionTimeTests {
  @Test func rowsOutsideTheAllowedTimesAreRejected() throws {
    let folder = try SendingProcess.temporaryFolder("import-times")
    defer { try? FileManager.default.removeItem(at: folder) }
    let environment = SendingProcess.environment(data: folder)
    let csv =
      "email,external_id,occurred_at\n"
      + "ok@example.com,T-1,2026-01-05T10:00:00Z\n"
      + "far@example.com,T-2,9999-12-31T23:59:59Z\n"
      + "old@example.com,T-3,1969-12-31T23:59:59Z\n"
    let path = folder.appendingPathComponent("times.csv")
    try Data(csv.utf8).write(to: path)
    let (status, out, errors) = try SendingProcess.run(
      ["import", "interactions", path.path], environment: environment)
    #expect(status == 0, "\(errors)")
    #expect(
      errors.contains(
        "line 3: occurred_at: must not be more than 1 day in the future (got 9999-12-31T23:59:59Z)"
      ), "\(errors)")
    #expect(
      errors.contains(
        "line 4: occurred_at: must not be before 1970-01-01T00:00:00Z (got 1969-12-31T23:59:59Z)"
      ), "\(errors)")
    #expect(out.contains("1 new"), "\(out)")
    let store = try StoreFactory.open(
      url: "sqlite://" + folder.appendingPathComponent("nps.sqlite").path, migrate: false)
    defer { store.close() }
    #expect(try store.interaction(externalID: "T-1") != nil)
    #expect(try store.interaction(externalID: "T-2") == nil)
    #expect(try store.contactCount() == 1)
  }
}
