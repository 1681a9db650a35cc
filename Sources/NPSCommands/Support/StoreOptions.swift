import Foundation
import Storage
import SurveyService

/// The options every command that uses the store accepts: `--database URL` and
/// `--config FILE`; otherwise the environment (`NPS_DATABASE_URL`, `NPS_DATA_DIR`).
struct StoreOptions {
  let configuration: ServiceConfiguration

  init(_ arguments: inout Arguments) throws(CommandError) {
    let database = try arguments.option("database")
    let configFile = try arguments.option("config")
    var configuration: ServiceConfiguration
    do {
      configuration = try ServiceConfiguration.load(configFile: configFile)
    } catch {
      throw CommandError(.config, error.description)
    }
    if let database { configuration.databaseURL = database }
    self.configuration = configuration
  }

  /// Opens the store and migrates it unless told not to. A missing SQLite file is refused
  /// (``StoreAccess/existing``) or created with its folder (``StoreAccess/createIfMissing``).
  func open(_ access: StoreAccess, migrate: Bool = true) throws(CommandError) -> SQLStore {
    try access.check(configuration.databaseURL)
    do {
      if case .sqlite(let path) = try StoreFactory.location(of: configuration.databaseURL) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try? FileManager.default.createDirectory(
          atPath: folder, withIntermediateDirectories: true)
      }
      return try StoreFactory.open(url: configuration.databaseURL, migrate: migrate)
    } catch let error as StorageError {
      throw CommandError.storage(error)
    } catch {
      throw CommandError(.failure, "\(error)")
    }
  }
}
