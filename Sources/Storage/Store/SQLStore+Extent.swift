import Foundation

extension SQLStore {
  /// The first and last response times of a survey, as a half-open range that includes the
  /// last response; nil when the survey has none.
  public func responseExtent(surveyID: Int64) throws -> Range<Date>? {
    try read { connection in
      guard
        let row = try connection.queryFirst(
          """
          SELECT min(responded_at) AS first, max(responded_at) AS last
          FROM responses WHERE survey_id = \(surveyID)
          """),
        let first = row.optionalDate("first"), let last = row.optionalDate("last")
      else { return nil }
      return first..<last.addingTimeInterval(0.001)
    }
  }
}
