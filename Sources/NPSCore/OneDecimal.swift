import Foundation

/// A figure shown to one decimal, the same on the command line and on the dashboard: halves
/// round away from zero (-6.25 is -6.3, as taught, where `%.1f` alone rounds half to even
/// and gives -6.2), and a value that rounds to zero is `0.0`, never `-0.0`.
public enum OneDecimal {
  public static func string(_ value: Double) -> String {
    let rounded = (value * 10).rounded(.toNearestOrAwayFromZero) / 10
    return String(format: "%.1f", rounded == 0 ? 0 : rounded)
  }
}
