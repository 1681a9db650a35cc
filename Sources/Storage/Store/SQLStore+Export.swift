import Foundation
import NPSCore

/// Where an export stopped: the last response written, in export order.
public struct ExportPosition: Sendable, Hashable {
  public var respondedAt: Date
  public var id: Int64

  public init(respondedAt: Date, id: Int64) {
    self.respondedAt = respondedAt
    self.id = id
  }

  public init(after response: SurveyResponse) {
    self.init(respondedAt: response.respondedAt, id: response.id)
  }
}

extension SQLStore {
  /// One page of a survey's responses for an export, oldest first by (`respondedAt`, id),
  /// after `position`: keyset paging through the `(survey_id, responded_at, …)` index, so the
  /// millionth page costs what the first does (an OFFSET would skip every earlier row again).
  public func exportPage(
    surveyID: Int64, range: Range<Date>? = nil, segment: SegmentFilter? = nil,
    after position: ExportPosition?, limit: Int
  ) throws -> [SurveyResponse] {
    var conditions: [SQLQuery] = ["r.survey_id = \(surveyID)"]
    if let range {
      conditions.append("r.responded_at >= \(range.lowerBound)")
      conditions.append("r.responded_at < \(range.upperBound)")
    }
    if let position {
      let at = position.respondedAt
      conditions.append(
        "(r.responded_at > \(at) OR (r.responded_at = \(at) AND r.id > \(position.id)))")
    }
    if let segment {
      conditions.append(
        """
        EXISTS (SELECT 1 FROM response_properties p WHERE p.response_id = r.id
          AND p.name = \(segment.name) AND p.value = \(segment.value))
        """)
    }
    let whereClause = SQLQuery.joined(conditions, separator: " AND ")
    return try read { connection in
      try connection.query(
        """
        SELECT r.* FROM responses r WHERE \(whereClause)
        ORDER BY r.responded_at, r.id LIMIT \(max(1, limit))
        """
      ).map(Self.response(from:))
    }
  }
}
