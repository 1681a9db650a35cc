import Foundation
import MailTesting
import Testing

@testable import Mail

@Suite struct OutboxTransportTests {
  @Test func writesEMLFilesThatParseBack() throws {
    let folder = try TestPaths.temporaryFolder("outbox").appendingPathComponent("nested/outbox")
    defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
    // 2001-09-09T01:46:40.250Z
    let outbox = try OutboxTransport(folder: folder) {
      Date(timeIntervalSince1970: 1_000_000_000.25)
    }
    let url = try outbox.write(try Fixtures.message(id: "inv-7/a+b=c@nps.example.com"))
    #expect(url.lastPathComponent == "20010909T014640.250Z-inv-7_a_b_c@nps.example.com.eml")
    try outbox.send(try Fixtures.message(id: "second@nps.example.com"))

    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    #expect(
      names == [
        "20010909T014640.250Z-inv-7_a_b_c@nps.example.com.eml",
        "20010909T014640.250Z-second@nps.example.com.eml",
      ])
    let checked = try MailCheck.run([folder])
    #expect(checked.count == 2)
    for mail in checked {
      #expect(mail.defects == [])
      #expect(mail.subject == Fixtures.subject)
      #expect(mail.text == Fixtures.text)
      #expect(mail.htmlLinks == Fixtures.links)
      #expect(mail.listUnsubscribePost == "List-Unsubscribe=One-Click")
    }
    #expect(
      checked.compactMap(\.messageId) == [
        "<inv-7/a+b=c@nps.example.com>", "<second@nps.example.com>",
      ])
  }

  @Test func unrenderableMessageIsPermanent() throws {
    let folder = try TestPaths.temporaryFolder("outbox-bad")
    defer { try? FileManager.default.removeItem(at: folder) }
    let outbox = try OutboxTransport(folder: folder)
    var message = try Fixtures.message()
    message.subject = "bad\nsubject"
    let error = try #require(throws: MailSendError.self) { try outbox.send(message) }
    #expect(error.kind == .permanent)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
  }

  @Test func unwritableFolderIsAnError() throws {
    let file = try TestPaths.temporaryFolder("outbox-file").appendingPathComponent("plain-file")
    try Data("x".utf8).write(to: file)
    #expect(throws: MailSendError.self) { try OutboxTransport(folder: file) }
    // The error says why, in the operating system's words.
    let under = try #require(throws: MailSendError.self) {
      try OutboxTransport(folder: file.appendingPathComponent("outbox"))
    }
    #expect(under.kind == .permanent)
    #expect(
      under.detail
        == "cannot create the outbox folder \(file.path)/outbox: \(file.path) exists and is not a folder"
    )
    let proc = try #require(throws: MailSendError.self) {
      try OutboxTransport(folder: URL(fileURLWithPath: "/proc/nps-outbox-test"))
    }
    #expect(
      proc.detail
        == "cannot create the outbox folder /proc/nps-outbox-test: No such file or directory")
  }
}
