import CHTTPShim
import CMicroHTTPD
import Dispatch
import Synchronization

/// The state libmicrohttpd's callbacks reach through their `cls` pointer.
///
/// `HTTPServer` owns it and keeps it alive until `MHD_stop_daemon` has returned, so the
/// unretained pointer handed to C is valid for every callback. All stored properties are
/// immutable or atomic, so the callbacks may use it from any pool thread.
final class ServerContext: Sendable {
  let responder: Responder
  let configuration: HTTPServer.Configuration
  let logger: Logger
  /// Requests between their request line and their completion.
  let inFlight = Atomic<Int>(0)
  /// Set by `stop`: answer with `Connection: close` and signal `drained` at zero in-flight.
  let draining = Atomic<Bool>(false)
  /// Signalled when the last in-flight request completes while draining.
  let drained = DispatchSemaphore(value: 0)

  init(responder: Responder, configuration: HTTPServer.Configuration, logger: Logger) {
    self.responder = responder
    self.configuration = configuration
    self.logger = logger
  }

  /// Called once per request from the URI callback.
  func requestStarted() {
    inFlight.add(1, ordering: .relaxed)
  }

  /// Called once per request from the completed callback.
  func requestFinished() {
    let remaining = inFlight.subtract(1, ordering: .acquiringAndReleasing).newValue
    if remaining == 0, draining.load(ordering: .acquiring) {
      drained.signal()
    }
  }

  /// Turns the collected request into a response; never throws.
  func respond(to state: RequestState) -> Response {
    let request: Request
    do {
      request = try Request(
        method: state.method, target: state.target, headers: state.headers, body: state.body,
        clientAddress: state.clientAddress)
    } catch {
      // A malformed percent escape or invalid UTF-8 in the target: refused before routing.
      logger.debug("\(state.method) \(state.target): \(error)")
      return configuration.refusal(error.status, state.target)
    }
    let response = responder.response(for: request, logger: logger)
    logger.debug("\(request.method) \(request.rawPath) -> \(response.status.code)")
    return response
  }
}
