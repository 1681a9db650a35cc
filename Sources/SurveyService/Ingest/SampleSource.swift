import Synchronization

/// Where sampling draws its uniform numbers in 0..<1: the system's generator, or a seeded one
/// so a test knows exactly which interactions are drawn.
public final class SampleSource: Sendable {
  private enum Kind {
    case system
    case seeded(SplitMix64)
  }
  private let state: Mutex<Kind>

  private init(_ kind: Kind) { state = Mutex(kind) }

  /// Cryptographically secure draws (production).
  public static func system() -> SampleSource { SampleSource(.system) }

  /// Reproducible draws from SplitMix64 with this seed (tests).
  public static func seeded(_ seed: UInt64) -> SampleSource {
    SampleSource(.seeded(SplitMix64(seed)))
  }

  /// The next draw, uniform in 0..<1.
  public func next() -> Double {
    state.withLock { kind in
      switch kind {
      case .system:
        var generator = SystemRandomNumberGenerator()
        return Double.random(in: 0..<1, using: &generator)
      case .seeded(var generator):
        let value = Double(generator.next() >> 11) / Double(UInt64(1) << 53)
        kind = .seeded(generator)
        return value
      }
    }
  }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, well-mixed seeded generator.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(_ seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
