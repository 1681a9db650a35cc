/// One thing wrong with one field of an input, named by a JSON Pointer (RFC 6901) such as
/// `/email` or, in a batch, `/interactions/3/email`.
public struct FieldProblem: Sendable, Hashable, Codable, CustomStringConvertible {
  /// Where the bad value is, e.g. `/3/occurred_at`.
  public var pointer: String
  /// What is wrong with it, safe to show to the sender.
  public var detail: String

  public init(pointer: String, detail: String) {
    self.pointer = pointer
    self.detail = detail
  }

  public var description: String { "\(pointer): \(detail)" }

  /// The same problem under a parent pointer (`/email` under `/3` is `/3/email`).
  func nested(under parent: String) -> FieldProblem {
    FieldProblem(pointer: parent + pointer, detail: detail)
  }
}

/// Inputs that cannot be ingested; nothing was stored.
public struct IngestValidationError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The problems of each rejected item, by its index in the input (0 for a single item).
  public var items: [Int: [FieldProblem]]
  /// Whether the input was a batch (a JSON array or `{"interactions": [...]}`).
  public var isBatch: Bool
  /// Where the batch's array is in the body: `""` for a bare array, `/interactions`.
  public var prefix: String

  public init(items: [Int: [FieldProblem]], isBatch: Bool, prefix: String = "") {
    self.items = items
    self.isBatch = isBatch
    self.prefix = prefix
  }

  /// Every problem with pointers from the root of the input.
  public var problems: [FieldProblem] {
    items.keys.sorted().flatMap { index in
      items[index]!.map { isBatch ? $0.nested(under: "\(prefix)/\(index)") : $0 }
    }
  }

  public var description: String {
    "\(items.count) invalid interaction(s): "
      + problems.prefix(5).map(\.description).joined(separator: "; ")
  }
}

/// An input that passed its checks, or the problems found.
public enum CheckedInput: Sendable {
  case valid(InteractionInput)
  case invalid([FieldProblem])
}
