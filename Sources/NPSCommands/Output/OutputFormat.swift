/// How a command prints figures.
public enum OutputFormat: String, Sendable, CaseIterable {
  case table
  case csv
  case json
}
