import CHTTPShim
import CMicroHTTPD
import Dispatch
import Foundation
import Synchronization

/// A running HTTP/1.1 server on libmicrohttpd, answering every request with a `Responder`.
///
/// ```swift
/// let server = try HTTPServer(
///   configuration: .init(address: "127.0.0.1", port: 0), responder: router.buildResponder())
/// print(server.port)          // the bound port
/// ShutdownSignal().wait()     // SIGTERM or SIGINT
/// server.stop(timeout: .seconds(10))
/// ```
///
/// Threading: `init` starts libmicrohttpd's internal epoll thread pool; handlers run on those
/// threads. `stop` and `port` may be called from any thread; `stop` blocks its caller. The
/// daemon handle is used only under `daemon`'s lock, and `MHD_stop_daemon` runs once.
/// Never call `stop` (or drop the last reference, since `deinit` stops) from a handler: it
/// joins the pool thread the handler runs on.
public final class HTTPServer: Sendable {
  /// How `stop` ended.
  public enum StopResult: Sendable, Equatable {
    /// Every in-flight request finished before the deadline.
    case drained
    /// The deadline passed with this many requests still in flight; their connections were
    /// closed (a handler already running was still allowed to return).
    case deadlineExpired(unfinishedRequests: Int)
    /// The server had already been stopped, or another `stop` call is stopping it.
    case alreadyStopped
  }

  /// The libmicrohttpd daemon pointer. `@unchecked Sendable`: it is only touched under the
  /// `daemon` mutex, and libmicrohttpd allows `MHD_quiesce_daemon`/`MHD_stop_daemon` from a
  /// thread other than its pool threads.
  private struct DaemonHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    var quiesced = false
  }

  /// The logger record libmicrohttpd keeps a pointer to. `@unchecked Sendable`: written once
  /// before the daemon starts, only read by C afterwards, freed after `MHD_stop_daemon`.
  private struct LoggerRecord: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<nps_http_logger>
  }

  /// The port the server listens on (the kernel's choice when the configuration said 0).
  public let port: UInt16
  /// The configuration the server runs with.
  public let configuration: Configuration

  private let context: ServerContext
  private let daemon: Mutex<DaemonHandle?>
  private let loggerRecord: LoggerRecord

  /// Binds and starts serving `responder`. Ignores `SIGPIPE` for the process (writes to a
  /// closed socket must fail, not kill the process).
  ///
  /// - Throws: `HTTPServerError` when the address is not numeric or the daemon cannot start
  ///   (e.g. the port is in use).
  public init(
    configuration: Configuration = Configuration(), responder: Responder,
    logger: Logger = .standardError(label: "http")
  ) throws(HTTPServerError) {
    nps_http_ignore_signal(SIGPIPE)
    self.configuration = configuration
    let context = ServerContext(
      responder: responder, configuration: configuration, logger: logger)
    self.context = context
    let contextPointer = Unmanaged.passUnretained(context).toOpaque()
    let record = UnsafeMutablePointer<nps_http_logger>.allocate(capacity: 1)
    record.initialize(to: nps_http_logger(callback: Callbacks.log, context: contextPointer))
    loggerRecord = LoggerRecord(pointer: record)

    var errorNumber: Int32 = 0
    let started: OpaquePointer? = configuration.address.withCString { address in
      var options = nps_http_daemon_options()
      options.bind_address = address
      options.port = configuration.port
      options.thread_pool_size = UInt32(clamping: max(1, configuration.threadPoolSize))
      options.connection_limit = UInt32(clamping: max(0, configuration.connectionLimit))
      options.connection_timeout_seconds = configuration.connectionTimeoutSeconds
      options.connection_memory_limit = max(0, configuration.connectionMemoryLimit)
      options.listen_backlog = UInt32(clamping: max(0, configuration.listenBacklog))
      options.reuse_address = configuration.reuseAddress ? 1 : 0
      options.access_handler = Callbacks.access
      options.access_context = contextPointer
      options.uri_callback = Callbacks.uri
      options.uri_context = contextPointer
      options.completed_handler = Callbacks.completed
      options.completed_context = contextPointer
      options.logger = UnsafePointer(record)
      return nps_http_start_daemon(&options, &errorNumber)
    }
    guard let started else {
      record.deallocate()
      throw HTTPServerError(
        code: .startFailed, address: configuration.address, port: configuration.port,
        errorNumber: errorNumber)
    }
    port = nps_http_daemon_port(started)
    daemon = Mutex(DaemonHandle(pointer: started))
    logger.info("listening on \(configuration.address) port \(port)")
  }

  deinit {
    _ = stop(deadline: .now)
  }

  /// Requests received but not yet completed (from the request line to the last byte sent).
  public var inFlightRequests: Int {
    context.inFlight.load(ordering: .relaxed)
  }

  /// Open client connections (libmicrohttpd's count, summed over the pool threads); 0 once
  /// stopped.
  public var openConnections: Int {
    daemon.withLock { handle in
      handle.map { Int(nps_http_daemon_current_connections($0.pointer)) } ?? 0
    }
  }

  /// Stops accepting new connections (the listening socket is closed at once) and asks
  /// existing keep-alive connections to close after their next response. Requests in flight
  /// continue. Idempotent; `stop` calls it.
  public func quiesce() {
    daemon.withLock { handle in
      guard var current = handle, !current.quiesced else { return }
      context.draining.store(true, ordering: .releasing)
      let socket = MHD_quiesce_daemon(current.pointer)
      if socket >= 0 {
        close(socket)
      }
      current.quiesced = true
      handle = current
    }
  }

  /// Stops gracefully: quiesces, waits until every in-flight request has completed or
  /// `deadline` has passed, then stops libmicrohttpd (closing the remaining connections and
  /// joining its threads, which waits for handlers already running). Blocks the caller.
  @discardableResult
  public func stop(deadline: ContinuousClock.Instant) -> StopResult {
    stop(deadline: deadline, hooks: StopHooks())
  }

  /// Points where tests make `stop`'s interleaving deterministic.
  struct StopHooks {
    /// Called just before waiting for in-flight requests (only when there are some).
    var willWait: () -> Void = {}
    /// Called just before `MHD_stop_daemon`.
    var willStopDaemon: () -> Void = {}
  }

  func stop(deadline: ContinuousClock.Instant, hooks: StopHooks) -> StopResult {
    quiesce()
    let handle: DaemonHandle? = daemon.withLock { handle in
      defer { handle = nil }
      return handle
    }
    guard let handle else { return .alreadyStopped }
    if context.inFlight.load(ordering: .acquiring) > 0 {
      hooks.willWait()
    }
    // The semaphore may hold a stale signal from an earlier moment at zero, so re-check.
    while context.inFlight.load(ordering: .acquiring) > 0 {
      let remaining = ContinuousClock.now.duration(to: deadline)
      guard remaining > .zero,
        context.drained.wait(timeout: DispatchTime.now().advanced(by: remaining)) == .success
      else { break }
    }
    let unfinished = context.inFlight.load(ordering: .acquiring)
    hooks.willStopDaemon()
    MHD_stop_daemon(handle.pointer)
    loggerRecord.pointer.deinitialize(count: 1)
    loggerRecord.pointer.deallocate()
    context.logger.info("stopped (\(unfinished) unfinished requests)")
    return unfinished == 0 ? .drained : .deadlineExpired(unfinishedRequests: unfinished)
  }

  /// `stop(deadline:)` with a deadline `timeout` from now.
  @discardableResult
  public func stop(timeout: Duration) -> StopResult {
    stop(deadline: .now + timeout)
  }
}

/// Why the server could not start. `description` names the address and the system error.
public struct HTTPServerError: Error, Equatable, CustomStringConvertible {
  public enum Code: Sendable, Equatable {
    /// libmicrohttpd refused to start: bad address, port in use, no permission.
    case startFailed
  }

  public let code: Code
  public let address: String
  public let port: UInt16
  /// `errno` after the failed start (`EINVAL` for an address that is not numeric).
  public let errorNumber: Int32

  public var description: String {
    "Cannot listen on \(address) port \(port): \(String(cString: strerror(errorNumber)))"
  }
}
