import Storage

extension CommandError {
  /// A storage failure during a command: the database's own reason (``StorageError``'s
  /// `debugDescription`, e.g. `database or disk is full`) and the status scripts can act on:
  ///
  /// | status | when |
  /// |---|---|
  /// | 78 (config) | the database URL is not one nps understands |
  /// | 69 (unavailable) | the database cannot be opened or reached, or the connection was lost |
  /// | 75 (temporary failure) | another connection held the lock too long (SQLite 5 s) |
  /// | 74 (I/O error) | the database or its disk is full, or reading or writing it failed |
  /// | 65 (data error) | the input breaks a rule of the database or names nothing stored |
  /// | 70 (software) | the schema is newer than this nps, or a migration failed |
  /// | 1 | any other failed statement |
  ///
  /// An error that is not a ``StorageError`` (nor a ``CommandError``, passed on as it is) is 1.
  static func storage(_ error: any Error) -> CommandError {
    if let error = error as? CommandError { return error }
    guard let error = error as? StorageError else { return CommandError(.failure, "\(error)") }
    return CommandError(status(of: error.code), error.debugDescription)
  }

  /// The exit status for a storage failure (see ``storage(_:)``).
  static func status(of code: StorageError.Code) -> ExitCode {
    switch code {
    case .badURL: .config
    case .cannotOpen, .connectionLost: .unavailable
    case .busy, .transactionConflict: .tempFail
    case .full, .ioError: .ioError
    case .invalidInput, .constraint, .notFound: .dataError
    case .schemaTooNew, .migrationFailed: .software
    case .query, .decoding: .failure
    }
  }
}
