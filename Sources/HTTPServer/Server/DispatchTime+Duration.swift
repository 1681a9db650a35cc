import Dispatch

extension DispatchTime {
  /// This time plus a `Duration`, saturating instead of overflowing.
  func advanced(by duration: Duration) -> DispatchTime {
    let (seconds, attoseconds) = duration.components
    let (secondsPart, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
    let nanoseconds =
      overflow ? Int64.max : secondsPart.addingReportingOverflow(attoseconds / 1_000_000_000).0
    return self + .nanoseconds(Int(clamping: max(0, nanoseconds)))
  }
}
