import NPSCore

/// An `nps import responses` stopped by a failure (a full disk, a locked database, a bad row
/// of the file) after it may have stored some batches: the cause, how many responses were
/// stored before it, and what running the same import again does with them.
///
/// Batches (5,000 rows) are committed one by one, so a 10-million-row import is not one
/// transaction; a failed batch is stored whole or not at all, and the batches before it stay.
struct ImportInterruption {
  /// What a second run of the same file does with the rows already stored.
  enum Rerun: Equatable {
    /// The rows carry a response id (an id column, or the `external_id` of this service's
    /// own export): a second run replaces them instead of adding them again.
    case replaces
    /// No response id: a second run adds the stored rows a second time.
    case addsAgain

    init(_ layout: ResponseTableLayout) {
      let ids =
        layout.exportedResponseIDColumn != nil || (layout.idColumn != nil && !layout.idNamesAPerson)
      self = ids ? .replaces : .addsAgain
    }
  }

  let cause: any Error
  /// Responses stored before the failure.
  let stored: Int
  let rerun: Rerun

  /// The cause's message and exit status, with what was stored and what to do about it.
  var error: CommandError {
    let cause = CommandError.storage(cause)
    guard stored > 0 else {
      return CommandError(cause.code, cause.message + "; nothing was imported")
    }
    let count = stored == 1 ? "1 response was" : "\(stored) responses were"
    let advice =
      switch rerun {
      case .replaces:
        "running the same import again replaces them (matched by response id) and adds the rest"
      case .addsAgain:
        "the file has no response id column, so running the same import again would add them "
          + "a second time: import only the rows after them"
      }
    return CommandError(
      cause.code,
      cause.message + "; the import stopped there: \(count) stored before the failure (the "
        + "first rows of the file); \(advice)")
  }
}
