import Storage

/// The survey a command names with `--survey`: it must exist. No command creates a survey as
/// a side effect (a mistyped slug would otherwise become a new survey, or an empty answer);
/// `nps survey create` does.
enum ExistingSurvey {
  /// The survey named `slug`; a data error (65) naming the surveys there are otherwise.
  static func named(_ slug: String, in store: SQLStore) throws(CommandError) -> Survey {
    do {
      if let survey = try store.survey(slug: slug) { return survey }
      let known = try store.surveys().map(\.slug).joined(separator: ", ")
      throw CommandError(
        .dataError,
        "no survey \"\(slug)\" (surveys: \(known); create it with nps survey create \(slug))")
    } catch let error as CommandError {
      throw error
    } catch {
      throw CommandError.storage(error)
    }
  }
}
