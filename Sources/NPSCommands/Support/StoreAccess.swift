import Foundation
import Storage

/// Whether a command may create the database it is pointed at.
///
/// A command that only reads (`report`, `export`, the `list` and `show` actions, ...) or
/// changes records that must already be there (`apikey revoke`, `webhook remove`, `user
/// password`, `rollups rebuild`) needs an existing database: a SQLite file that does not exist
/// is a mistyped `--database`, `NPS_DATABASE_URL` or `NPS_DATA_DIR`, refused with exit 66
/// before anything (file or folder) is created, instead of answering from a new empty
/// database. Commands that set up or add (`serve`, `worker`, `migrate`, `survey create|update`,
/// `apikey create`, `user add`, `webhook add`, `import`, `invite`) create it. A PostgreSQL
/// database is never created by a command, so this is about SQLite files only.
enum StoreAccess {
  /// The SQLite file must exist.
  case existing
  /// A missing SQLite file is created, with its folder.
  case createIfMissing

  /// Throws (66, naming the path) when the database must exist and `url` names a SQLite file
  /// that does not. A URL that cannot be parsed is left to the opening, which says why.
  func check(_ url: String) throws(CommandError) {
    guard self == .existing, case .sqlite(let path)? = try? StoreFactory.location(of: url),
      !FileManager.default.fileExists(atPath: path)
    else { return }
    throw CommandError(
      .noInput,
      "no database at \(path) (check --database, NPS_DATABASE_URL or NPS_DATA_DIR; "
        + "nps migrate creates a new one)")
  }
}
