/// A parsed route pattern: `/s/:token/:score`, `/api/v1/interactions`, `/static/*`.
struct RoutePattern: Sendable, Equatable, CustomStringConvertible {
  enum Segment: Sendable, Equatable {
    /// Matches exactly this decoded segment.
    case literal(String)
    /// Matches any one segment and captures it under the name.
    case parameter(String)
    /// Last segment only: matches zero or more segments, captured `/`-joined under `*`.
    case wildcard

    /// Lower is more specific.
    var rank: Int {
      switch self {
      case .literal: 0
      case .parameter: 1
      case .wildcard: 2
      }
    }
  }

  let segments: [Segment]
  let description: String

  /// Parses a pattern; a malformed pattern is a programmer error and stops the program.
  init(_ pattern: String) {
    precondition(pattern.hasPrefix("/"), "Route pattern must start with /: \(pattern)")
    let parts = pattern.split(separator: "/", omittingEmptySubsequences: true)
    var segments: [Segment] = []
    for (index, part) in parts.enumerated() {
      if part == "*" {
        precondition(index == parts.count - 1, "* must be the last segment: \(pattern)")
        segments.append(.wildcard)
      } else if part.hasPrefix(":") {
        precondition(part.count > 1, "Empty parameter name in \(pattern)")
        segments.append(.parameter(String(part.dropFirst())))
      } else {
        segments.append(.literal(String(part)))
      }
    }
    self.segments = segments
    description = pattern
  }

  /// The captured parameters when `path` matches, else nil.
  func match(_ path: [String]) -> Parameters? {
    var parameters = Parameters()
    for (index, segment) in segments.enumerated() {
      switch segment {
      case .wildcard:
        parameters.set("*", path[index...].joined(separator: "/"))
        return parameters
      case .literal(let literal):
        guard index < path.count, path[index] == literal else { return nil }
      case .parameter(let name):
        guard index < path.count else { return nil }
        parameters.set(name, path[index])
      }
    }
    return path.count == segments.count ? parameters : nil
  }

  /// Whether `self` should be tried before `other`: segment by segment, literals before
  /// parameters before the wildcard; then longer patterns first.
  func isMoreSpecific(than other: RoutePattern) -> Bool {
    for (mine, theirs) in zip(segments, other.segments) where mine.rank != theirs.rank {
      return mine.rank < theirs.rank
    }
    return segments.count > other.segments.count
  }

  /// Same shape (parameter names ignored): two such patterns always match the same paths.
  func hasSameShape(as other: RoutePattern) -> Bool {
    guard segments.count == other.segments.count else { return false }
    return zip(segments, other.segments).allSatisfy { mine, theirs in
      switch (mine, theirs) {
      case (.literal(let a), .literal(let b)): a == b
      case (.parameter, .parameter), (.wildcard, .wildcard): true
      default: false
      }
    }
  }
}
