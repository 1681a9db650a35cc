import Foundation
import MailTesting
import Testing

@testable import Mail

@Suite struct MailURLTests {
  @Test func smtpWithCredentialsAndRequiredSTARTTLS() throws {
    let url = try MailURL(
      parsing: "smtp://user%40corp:p%3Ass@mail.example.com:587?starttls=required")
    guard case .smtp(let configuration) = url else {
      Issue.record("not smtp")
      return
    }
    #expect(configuration.host == "mail.example.com")
    #expect(configuration.port == 587)
    #expect(configuration.username == "user@corp")
    #expect(configuration.password == "p:ss")
    #expect(configuration.security == .startTLSRequired)
    #expect(configuration.curlURL == "smtp://mail.example.com:587/")
    #expect(!url.description.contains("p:ss"))
    #expect(!url.description.contains("p%3Ass"))
  }

  @Test func defaults() throws {
    guard case .smtp(let plain) = try MailURL(parsing: "smtp://relay.local") else {
      Issue.record("not smtp")
      return
    }
    #expect(plain.port == 25)
    #expect(plain.security == .startTLSOptional)
    #expect(plain.connectTimeout == .seconds(10))
    guard case .smtp(let withUser) = try MailURL(parsing: "smtp://u:p@relay.local") else {
      Issue.record("not smtp")
      return
    }
    #expect(withUser.security == .startTLSRequired)
    guard case .smtp(let implicit) = try MailURL(parsing: "smtps://mail.example.com") else {
      Issue.record("not smtp")
      return
    }
    #expect(implicit.port == 465)
    #expect(implicit.security == .implicitTLS)
    #expect(implicit.curlURL == "smtps://mail.example.com:465/")
  }

  @Test func parameters() throws {
    let text =
      "smtp://127.0.0.1:2525?starttls=none&timeout=2.5&connect_timeout=1&helo=nps.example.com&tls_verify=false"
    guard case .smtp(let configuration) = try MailURL(parsing: text) else {
      Issue.record("not smtp")
      return
    }
    #expect(configuration.security == SMTPConfiguration.Security.none)
    #expect(configuration.totalTimeout == .milliseconds(2500))
    #expect(configuration.connectTimeout == .seconds(1))
    #expect(configuration.heloName == "nps.example.com")
    #expect(configuration.verifyTLS == false)
    #expect(configuration.curlURL == "smtp://127.0.0.1:2525/nps.example.com")
  }

  @Test func fileOutbox() throws {
    #expect(
      try MailURL(parsing: "file:///var/lib/nps/outbox")
        == .outbox(folder: URL(fileURLWithPath: "/var/lib/nps/outbox", isDirectory: true)))
    #expect(
      try MailURL(parsing: "file:///tmp/with%20space")
        == .outbox(folder: URL(fileURLWithPath: "/tmp/with space", isDirectory: true)))
    #expect(
      MailURL.defaultOutbox(dataDirectory: URL(fileURLWithPath: "/data"))
        == .outbox(folder: URL(fileURLWithPath: "/data/outbox", isDirectory: true)))
  }

  @Test(arguments: [
    ("", "the mail URL is not a URL (expected smtp://, smtps:// or file://)"),
    ("http://x", "invalid mail URL: unsupported scheme \"http\": use smtp://, smtps:// or file://"),
    ("smtp://", "invalid mail URL: no host"),
    ("smtp://host?starttls=maybe", "invalid mail URL: starttls must be required, optional or none"),
    ("smtp://host?colour=blue", "invalid mail URL: unknown parameter \"colour\""),
    ("smtps://host?starttls=required", "invalid mail URL: starttls does not apply to smtps://"),
    ("smtp://host/path", "invalid mail URL: an SMTP URL has no path; use ?helo= for the EHLO name"),
    (
      "smtp://host?timeout=0",
      "invalid mail URL: timeout must be a number of seconds between 0 and 3600"
    ),
    (
      "file://host/x",
      "invalid mail URL: a file URL must not name a host: use file:///absolute/path"
    ),
    (
      "file:///",
      "invalid mail URL: a file URL needs an absolute folder path, e.g. file:///var/lib/nps/outbox"
    ),
  ])
  func badURLsGiveClearErrors(_ text: String, _ message: String) {
    do {
      _ = try MailURL(parsing: text)
      Issue.record("\(text) parsed")
    } catch {
      #expect(error.description == message)
    }
  }

  @Test func makesTransports() throws {
    let folder = try TestPaths.temporaryFolder("url")
    defer { try? FileManager.default.removeItem(at: folder) }
    let outbox = try MailURL(parsing: "file://" + folder.path).makeTransport()
    #expect(outbox is OutboxTransport)
    let smtp = try MailURL(parsing: "smtp://127.0.0.1:1?starttls=none").makeTransport()
    #expect(smtp is SMTPTransport)
  }
}
