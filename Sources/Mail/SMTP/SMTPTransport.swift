import Foundation
import Synchronization

/// Sends messages to an SMTP server with libcurl, over one connection kept open between messages.
///
/// Threading rule: the transport holds one curl easy handle inside a `Mutex`, so any thread may
/// call ``send(_:)`` but sends through one transport happen one at a time, on one connection.
/// For parallel sending, make one transport per worker thread.
///
/// Each message goes to every address in its `to` list; the envelope sender is
/// `envelopeSender`, or `from` when that is nil. A 5xx
/// reply to RCPT TO fails the whole message with ``MailSendError/Kind/permanentRecipient``.
public final class SMTPTransport: MailTransport {
  private struct State {
    var session: CurlSMTPSession?
    /// Connections opened by sessions already closed.
    var closedConnections = 0
  }

  private let state: Mutex<State>
  /// The configuration this transport was made with.
  public let configuration: SMTPConfiguration

  /// Creates the curl handle (no connection is made until the first send). Throws a permanent
  /// error if curl cannot be initialised or refuses the configuration.
  public init(configuration: SMTPConfiguration) throws(MailSendError) {
    let session = try CurlSMTPSession(configuration: configuration)
    self.configuration = configuration
    state = Mutex(State(session: session))
  }

  public func send(_ message: MailMessage) throws(MailSendError) {
    let payload: Data
    do { payload = try message.rendered() } catch { throw error.sendError }
    let recipients = message.to.map(\.address)
    try state.withLock { (state: inout State) throws(MailSendError) in
      guard let session = state.session else {
        throw MailSendError(kind: .permanent, detail: "transport is closed")
      }
      try session.send(
        payload, from: (message.envelopeSender ?? message.from).address, to: recipients)
    }
  }

  /// How many TCP connections sends have opened so far, failed sends included (curl's
  /// CURLINFO_NUM_CONNECTS summed): 1 after any number of messages on one kept-open connection.
  /// curl drops the connection after a failed transfer (a refused recipient, say), so the next
  /// send opens a new one.
  public var connectionsOpened: Int {
    state.withLock { $0.closedConnections + ($0.session?.connectionsOpened ?? 0) }
  }

  /// Closes the connection (curl sends QUIT) and frees the handle; later sends throw.
  public func close() {
    state.withLock { state in
      state.closedConnections += state.session?.connectionsOpened ?? 0
      state.session?.close()
      state.session = nil
    }
  }
}
