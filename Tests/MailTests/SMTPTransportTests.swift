import Foundation
import MailTesting
import Testing

@testable import Mail

/// SMTPTransport against a real SMTP server (aiosmtpd, scripts/smtp-test-server.py) on loopback.
@Suite struct SMTPTransportTests {
  @Test func deliversAMessageThatParsesBackExactly() throws {
    let server = try SMTPTestServer()
    let transport = try SMTPTransport(configuration: server.configuration())
    try transport.send(try Fixtures.message(id: "smtp-1@nps.example.com"))
    transport.close()
    let received = try server.received()
    try #require(received.count == 1)
    let mail = received[0]
    #expect(mail.defects == [])
    #expect(mail.subject == "Zoë Ærø — ça va? 日本語")
    #expect(mail.fromName == "Zoë Ærø — ça va? 日本語")
    #expect(mail.to == [["Émile Zola", "customer@example.com"]])
    #expect(mail.messageId == "<smtp-1@nps.example.com>")
    #expect(mail.text == Fixtures.text)
    #expect(mail.html == Fixtures.html)
    #expect(mail.textLinks == Fixtures.links + [Fixtures.unsubscribe])
    #expect(mail.htmlLinks == Fixtures.links)
    #expect(mail.listUnsubscribe == "<\(Fixtures.unsubscribe)>")
    #expect(mail.listUnsubscribePost == "List-Unsubscribe=One-Click")
    let peers = try server.peers()
    #expect(peers.count == 1)
    #expect(peers.first?.hasSuffix(" survey@nps.example.com customer@example.com") == true)
  }

  @Test func envelopeSenderIsUsedForMailFrom() throws {
    let server = try SMTPTestServer()
    let transport = try SMTPTransport(configuration: server.configuration())
    var message = try Fixtures.message()
    message.envelopeSender = try MailAddress("bounces+inv-1@nps.example.com")
    try transport.send(message)
    let peers = try server.peers()
    #expect(peers.count == 1)
    #expect(peers.first?.hasSuffix(" bounces+inv-1@nps.example.com customer@example.com") == true)
    #expect(try server.received().first?.fromAddress == "survey@nps.example.com")
  }

  @Test func linesOfDotsAndFromSurviveTheTrip() throws {
    let server = try SMTPTestServer()
    let transport = try SMTPTransport(configuration: server.configuration())
    var message = try Fixtures.message()
    message.textBody = "first\n.\n..\n.hidden\nFrom me\n \nlast line with trailing space \n"
    message.htmlBody = nil
    try transport.send(message)
    let received = try server.received()
    #expect(received.first?.text == message.textBody)
  }

  @Test func recipientRefusedWith550IsPermanentRecipient() throws {
    let server = try SMTPTestServer()
    let transport = try SMTPTransport(configuration: server.configuration())
    let error = try #require(throws: MailSendError.self) {
      try transport.send(try Fixtures.message(to: "reject-me@example.com"))
    }
    #expect(error.kind == .permanentRecipient)
    #expect(error.smtpCode == 550)
    #expect(error.command == "RCPT")
    #expect(error.serverText?.contains("Recipient address rejected") == true)
    #expect(error.debugDescription.contains("550"))
    // The same transport still delivers afterwards.
    try transport.send(try Fixtures.message(to: "fine@example.com"))
    try transport.send(try Fixtures.message(to: "fine@example.com"))
    #expect(try server.received().count == 2)
    // curl closes the connection after the failed transfer; the two deliveries share a new one.
    #expect(transport.connectionsOpened == 2)
    #expect(Set(try server.peers().map { $0.split(separator: " ")[0] }).count == 1)
  }

  @Test func recipientRefusedWith451IsTemporary() throws {
    let server = try SMTPTestServer()
    let transport = try SMTPTransport(configuration: server.configuration())
    let error = try #require(throws: MailSendError.self) {
      try transport.send(try Fixtures.message(to: "tempfail@example.com"))
    }
    #expect(error.kind == .temporary)
    #expect(error.smtpCode == 451)
    #expect(error.command == "RCPT")
    #expect(try server.received().isEmpty)
  }

  @Test func serverDownIsTemporary() throws {
    let port = try SMTPTransportTests.closedPort()
    let transport = try SMTPTransport(
      configuration: SMTPConfiguration(
        host: "127.0.0.1", port: port, security: SMTPConfiguration.Security.none,
        connectTimeout: .seconds(2), totalTimeout: .seconds(5)))
    let error = try #require(throws: MailSendError.self) {
      try transport.send(try Fixtures.message())
    }
    #expect(error.kind == .temporary)
    #expect(error.smtpCode == nil)
    #expect(error.detail.contains("curl error 7"))  // CURLE_COULDNT_CONNECT
  }

  @Test func silentServerTimesOutAsTemporary() throws {
    // A listening socket that never accepts: the TCP handshake completes (backlog) but no
    // greeting ever comes.
    let listener = try ListeningSocket()
    defer { listener.close() }
    let transport = try SMTPTransport(
      configuration: SMTPConfiguration(
        host: "127.0.0.1", port: listener.port, security: SMTPConfiguration.Security.none,
        connectTimeout: .seconds(1), totalTimeout: .milliseconds(800)))
    let started = ContinuousClock.now
    let error = try #require(throws: MailSendError.self) {
      try transport.send(try Fixtures.message())
    }
    #expect(error.kind == .temporary)
    #expect(error.detail.contains("curl error 28"))  // CURLE_OPERATION_TIMEDOUT
    #expect(ContinuousClock.now - started < .seconds(5))
  }

  @Test func hundredMessagesShareOneConnection() throws {
    let server = try SMTPTestServer()
    let transport = try SMTPTransport(configuration: server.configuration())
    let started = ContinuousClock.now
    for index in 0..<100 {
      try transport.send(try Fixtures.message(id: "bulk-\(index)@nps.example.com"))
    }
    let elapsed = ContinuousClock.now - started
    #expect(transport.connectionsOpened == 1)
    transport.close()
    let peers = try server.peers()
    #expect(peers.count == 100)
    // Independent check from the server side: every message came from the same client port.
    #expect(Set(peers.map { $0.split(separator: " ")[0] }).count == 1)
    let received = try server.received()
    #expect(received.count == 100)
    #expect(received.allSatisfy { $0.defects.isEmpty && $0.subject == Fixtures.subject })
    #expect(
      Set(received.compactMap(\.messageId))
        == Set((0..<100).map { "<bulk-\($0)@nps.example.com>" }))
    print("100 messages over one connection in \(elapsed)")
  }

  @Test func authenticatesWithUserAndPassword() throws {
    let server = try SMTPTestServer(auth: "nps:s3cret pass")
    let good = try SMTPTransport(
      configuration: server.configuration(username: "nps", password: "s3cret pass"))
    try good.send(try Fixtures.message())
    #expect(try server.received().count == 1)

    let bad = try SMTPTransport(
      configuration: server.configuration(username: "nps", password: "wrong"))
    let error = try #require(throws: MailSendError.self) { try bad.send(try Fixtures.message()) }
    #expect(error.kind == .permanent)
    #expect(error.smtpCode == 535)
    #expect(error.command == "AUTH")
    #expect(!error.debugDescription.contains("wrong"))
    // base64("\0nps\0wrong"), the AUTH PLAIN continuation line, must not leak either.
    #expect(!error.debugDescription.uppercased().contains("AG5WCWB3CM9UZW"))
    #expect(try server.received().count == 1)
  }

  @Test func requiredSTARTTLSWithoutServerSupportIsPermanent() throws {
    let server = try SMTPTestServer()
    var configuration = server.configuration()
    configuration.security = .startTLSRequired
    let transport = try SMTPTransport(configuration: configuration)
    let error = try #require(throws: MailSendError.self) {
      try transport.send(try Fixtures.message())
    }
    #expect(error.kind == .permanent)
    #expect(try server.received().isEmpty)
  }

  @Test func startTLSRequiredUpgradesTheConnection() throws {
    let server = try SMTPTestServer(tls: .startTLS)
    var configuration = server.configuration()
    configuration.security = .startTLSRequired
    configuration.verifyTLS = false  // self-signed test certificate
    let transport = try SMTPTransport(configuration: configuration)
    try transport.send(try Fixtures.message())
    let received = try server.received()
    #expect(received.count == 1)
    #expect(received.first?.defects == [])
  }

  @Test func untrustedCertificateIsPermanent() throws {
    let server = try SMTPTestServer(tls: .startTLS)
    var configuration = server.configuration()
    configuration.security = .startTLSRequired
    let transport = try SMTPTransport(configuration: configuration)
    let error = try #require(throws: MailSendError.self) {
      try transport.send(try Fixtures.message())
    }
    #expect(error.kind == .permanent)
    #expect(try server.received().isEmpty)
  }

  @Test func implicitTLSDelivers() throws {
    let server = try SMTPTestServer(tls: .implicit)
    let url = "smtps://127.0.0.1:\(server.port)?tls_verify=false"
    guard case .smtp(let configuration) = try MailURL(parsing: url) else {
      Issue.record("not smtp")
      return
    }
    let transport = try SMTPTransport(configuration: configuration)
    for index in 0..<3 {
      try transport.send(try Fixtures.message(id: "tls-\(index)@nps.example.com"))
    }
    #expect(transport.connectionsOpened == 1)
    #expect(try server.received().count == 3)
  }

  @Test func closedTransportRefusesToSend() throws {
    let server = try SMTPTestServer()
    let transport = try SMTPTransport(configuration: server.configuration())
    transport.close()
    let error = try #require(throws: MailSendError.self) {
      try transport.send(try Fixtures.message())
    }
    #expect(error.kind == .permanent)
  }

  @Test func concurrentSendersShareTheTransportSafely() async throws {
    let server = try SMTPTestServer()
    let transport = try SMTPTransport(configuration: server.configuration())
    try await withThrowingTaskGroup(of: Void.self) { group in
      for worker in 0..<4 {
        group.addTask {
          for index in 0..<10 {
            try transport.send(try Fixtures.message(id: "w\(worker)-\(index)@nps.example.com"))
          }
        }
      }
      try await group.waitForAll()
    }
    #expect(transport.connectionsOpened == 1)
    #expect(try server.received().count == 40)
  }

  /// A loopback port with nothing listening: bind to port 0, read the port, close.
  static func closedPort() throws -> Int {
    let socket = try ListeningSocket()
    let port = socket.port
    socket.close()
    return port
  }
}

/// A TCP socket listening on 127.0.0.1 on a free port that never accepts.
final class ListeningSocket {
  let descriptor: Int32
  let port: Int

  init() throws {
    let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(descriptor, 8) == 0 else {
      Glibc.close(descriptor)
      throw ProcessFailure(message: "cannot listen")
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        getsockname(descriptor, $0, &length)
      }
    }
    self.descriptor = descriptor
    port = Int(UInt16(bigEndian: address.sin_port))
  }

  func close() { Glibc.close(descriptor) }
}
