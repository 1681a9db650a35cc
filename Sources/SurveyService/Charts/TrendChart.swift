import Foundation
import NPSCore

/// One period of a trend.
struct TrendPoint: Sendable {
  let period: Period
  let tally: Tally
}

/// A logged change drawn on a trend.
struct ChangeMark: Sendable {
  let date: Date
  let title: String
}

/// The NPS trend as inline SVG: the 95% interval as a band, the NPS as a line with a point per
/// period (hollow below 30 responses, none without responses), changes as dashed vertical
/// lines. Tooltips are SVG `<title>` elements, so no script is needed.
enum TrendChart {
  static let width = 720.0
  static let height = 260.0
  static let left = 44.0
  static let right = 12.0
  static let top = 14.0
  static let bottom = 36.0

  static func svg(points: [TrendPoint], changes: [ChangeMark], label: String) -> HTML {
    guard !points.isEmpty else { return "<p class=\"muted\">No periods to draw.</p>" }
    let figures = points.map { ($0, $0.tally.nps, $0.tally.interval()) }
    let lows = figures.compactMap { $0.2?.lower }
    let highs = figures.compactMap { $0.2?.upper }
    var low = max(-100, ((lows.min() ?? -10) - 5).rounded(.down))
    var high = min(100, ((highs.max() ?? 10) + 5).rounded(.up))
    if high - low < 20 {
      let middle = (high + low) / 2
      low = max(-100, middle - 10)
      high = min(100, middle + 10)
    }
    let plotWidth = width - left - right
    let plotHeight = height - top - bottom
    let slot = plotWidth / Double(points.count)
    func x(_ index: Int) -> Double { left + (Double(index) + 0.5) * slot }
    func y(_ value: Double) -> Double { top + (high - value) / (high - low) * plotHeight }
    func f(_ value: Double) -> String { String(format: "%.1f", value) }

    var parts: [String] = []
    // Grid and y axis labels.
    let step = niceStep((high - low) / 5)
    var tick = (low / step).rounded(.up) * step
    while tick <= high {
      let stroke = tick == 0 ? "#57606a" : "#eaeef2"
      parts.append(
        "<line x1=\"\(f(left))\" x2=\"\(f(width - right))\" y1=\"\(f(y(tick)))\" "
          + "y2=\"\(f(y(tick)))\" stroke=\"\(stroke)\"/>"
          + "<text x=\"\(f(left - 4))\" y=\"\(f(y(tick) + 4))\" text-anchor=\"end\" "
          + "font-size=\"11\" fill=\"#57606a\">\(Int(tick))</text>")
      tick += step
    }
    // Runs of consecutive periods with responses: band, then line.
    var runs: [[Int]] = []
    for (index, figure) in figures.enumerated() {
      if figure.1 == nil {
        continue
      }
      if let last = runs.last?.last, last == index - 1 {
        runs[runs.count - 1].append(index)
      } else {
        runs.append([index])
      }
    }
    for run in runs {
      let upper = run.map { "\(f(x($0))),\(f(y(figures[$0].2!.upper)))" }
      let lower = run.reversed().map { "\(f(x($0))),\(f(y(figures[$0].2!.lower)))" }
      parts.append(
        "<polygon class=\"band\" points=\"\((upper + lower).joined(separator: " "))\" "
          + "fill=\"#1f6feb\" fill-opacity=\"0.15\" stroke=\"none\"/>")
      let line = run.map { "\(f(x($0))),\(f(y(figures[$0].1!)))" }
      parts.append(
        "<polyline class=\"nps\" points=\"\(line.joined(separator: " "))\" fill=\"none\" "
          + "stroke=\"#1f6feb\" stroke-width=\"2\"/>")
    }
    // Points with tooltips, and period labels.
    let labelEvery = max(1, Int((Double(points.count) / 12).rounded(.up)))
    for (index, figure) in figures.enumerated() {
      let point = figure.0
      if let nps = figure.1 {
        let few = point.tally.n < 30
        let title =
          "\(point.period.label): NPS \(Format.nps(nps)), 95% CI \(Format.interval(figure.2)), "
          + "n = \(point.tally.n)" + (few ? " (fewer than 30 responses)" : "")
        parts.append(
          "<circle cx=\"\(f(x(index)))\" cy=\"\(f(y(nps)))\" r=\"3.5\" "
            + "fill=\"\(few ? "#fff" : "#1f6feb")\" stroke=\"#1f6feb\" stroke-width=\"1.5\">"
            + "<title>\(HTML.escape(title))</title></circle>")
      }
      if index % labelEvery == 0 {
        parts.append(
          "<text x=\"\(f(x(index)))\" y=\"\(f(height - bottom + 16))\" text-anchor=\"middle\" "
            + "font-size=\"11\" fill=\"#57606a\">\(HTML.escape(point.period.label))</text>")
      }
    }
    // Changes.
    for (number, change) in changes.enumerated() {
      guard let index = points.firstIndex(where: { $0.period.contains(change.date) }) else {
        continue
      }
      let period = points[index].period
      let fraction =
        change.date.timeIntervalSince(period.start) / period.end.timeIntervalSince(period.start)
      let cx = left + (Double(index) + fraction) * slot
      parts.append(
        "<g class=\"change\"><line x1=\"\(f(cx))\" x2=\"\(f(cx))\" y1=\"\(f(top))\" "
          + "y2=\"\(f(height - bottom))\" stroke=\"#bf3989\" stroke-dasharray=\"4 3\"/>"
          + "<text x=\"\(f(cx + 3))\" y=\"\(f(top + 10))\" font-size=\"11\" fill=\"#bf3989\">"
          + "\(number + 1)</text><title>\(HTML.escape("Change \(number + 1): " + change.title))"
          + "</title></g>")
    }
    let svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" "
      + "width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" "
      + "aria-label=\"\(HTML.escape(label))\">" + parts.joined() + "</svg>"
    return HTML(trusted: svg)
  }

  /// 1, 2, 5 × a power of ten, at least `rough`.
  static func niceStep(_ rough: Double) -> Double {
    guard rough > 0 else { return 10 }
    let power = pow(10, (log10(rough)).rounded(.down))
    for multiple in [1.0, 2, 5, 10] where multiple * power >= rough { return multiple * power }
    return 10 * power
  }
}
