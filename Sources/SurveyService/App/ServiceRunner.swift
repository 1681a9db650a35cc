import Foundation
import HTTPServer
import Mail
import Storage

/// Starts the service the way `nps serve` and `nps worker` run it: opens the store (applying
/// migrations), the mail transport and the secret key, then serves HTTP and/or runs the
/// worker until SIGTERM or SIGINT, then stops in order: stop accepting, finish requests in
/// flight, stop the worker, close the store.
public final class ServiceRunner: Sendable {
  public let context: ServiceContext

  /// Opens everything the configuration names; throws a one-line `ConfigurationError`.
  public init(configuration: ServiceConfiguration, logger: Logger = .standardError(label: "nps"))
    throws(ConfigurationError)
  {
    do {
      try FileManager.default.createDirectory(
        atPath: configuration.dataDirectory, withIntermediateDirectories: true)
    } catch {
      throw ConfigurationError("cannot create the data folder \(configuration.dataDirectory)")
    }
    let secret = try SecretKey.load(for: configuration)
    let mail: any MailTransport
    do {
      mail = try MailURL(parsing: configuration.mailURL).makeTransport()
    } catch let error as MailURLError {
      throw ConfigurationError("NPS_MAIL_URL: \(error)")
    } catch let error as MailSendError {
      // The transport could not be set up (an outbox folder that cannot be made): say why;
      // the detail never holds a password.
      throw ConfigurationError("NPS_MAIL_URL: \(error.detail)")
    } catch {
      throw ConfigurationError("NPS_MAIL_URL: \(error)")
    }
    let store: SQLStore
    do {
      store = try StoreFactory.open(url: configuration.databaseURL, migrate: true)
    } catch let error as StorageError {
      // The database's reason too (a full disk, a lock held by another connection); any failure
      // of the database itself, as opposed to its URL or schema, is "unavailable" (69).
      let unavailable: [StorageError.Code] = [
        .cannotOpen, .connectionLost, .busy, .full, .ioError,
      ]
      throw ConfigurationError(
        error.debugDescription, unavailable: unavailable.contains(error.code), storageError: error)
    } catch {
      throw ConfigurationError("\(error)")
    }
    context = ServiceContext(
      configuration: configuration, store: store, mail: mail, secret: secret, logger: logger)
  }

  /// Serves HTTP (and the worker unless `worker` is false) until a shutdown signal.
  public func serve(worker runWorker: Bool, ready: (UInt16) -> Void = { _ in }) throws {
    let shutdown = ShutdownSignal()
    let listen = try ListenAddress(parsing: context.configuration.listen)
    let server: HTTPServer
    do {
      server = try HTTPServer(
        configuration: .init(
          address: listen.host, port: listen.port,
          threadPoolSize: context.configuration.httpThreads,
          refusal: SurveyApplication.refusal),
        responder: SurveyApplication.responder(context), logger: context.logger)
    } catch {
      throw ConfigurationError(
        "cannot listen on \(context.configuration.listen): \(error) (NPS_LISTEN)",
        unavailable: true)
    }
    do { try DashboardSetup.announce(context: context) } catch {
      context.logger.error("cannot prepare the dashboard setup link: \(String(reflecting: error))")
    }
    let worker = runWorker ? SendWorker(context: context) : nil
    worker?.start()
    context.logger.info(
      "nps serving on \(listen.host):\(server.port), public address \(context.configuration.publicBase)"
        + (runWorker ? ", worker running" : ", no worker"))
    ready(server.port)
    let signal = shutdown.wait()
    context.logger.info("signal \(signal): stopping")
    let result = server.stop(timeout: .seconds(10))
    context.logger.info("http server stopped: \(result)")
    worker?.stop()
    context.store.close()
  }

  /// Runs only the worker until a shutdown signal.
  public func work() {
    let shutdown = ShutdownSignal()
    let worker = SendWorker(context: context)
    worker.start()
    context.logger.info("nps worker running")
    let signal = shutdown.wait()
    context.logger.info("signal \(signal): stopping")
    worker.stop()
    context.store.close()
  }
}
