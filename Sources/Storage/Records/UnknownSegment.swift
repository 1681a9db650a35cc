/// A segment property that no response of a survey has: a report or export asked for it would
/// answer as if nothing were wrong (the overall figure, no groups), so callers refuse it.
public struct UnknownSegment: Error, Sendable, Hashable, CustomStringConvertible {
  public let surveySlug: String
  public let name: String
  /// The properties the survey's responses have, sorted.
  public let known: [String]

  public var description: String {
    let list = known.isEmpty ? "none" : known.joined(separator: ", ")
    return
      "no response of survey \"\(surveySlug)\" has the property \"\(name)\" (properties: \(list))"
  }
}

extension SQLStore {
  /// Throws ``UnknownSegment`` when no response of `survey` has the property `name`.
  public func requireSegment(_ name: String, of survey: Survey) throws {
    let names = try segmentNames(surveyID: survey.id)
    guard names.contains(name) else {
      throw UnknownSegment(surveySlug: survey.slug, name: name, known: names)
    }
  }
}
