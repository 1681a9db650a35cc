import Foundation
import NPSCore

/// Renders NPS figures for people (an aligned table) and for spreadsheets (CSV).
/// Rounding happens here, where a person reads: NPS and margins to one decimal,
/// shares to whole percent, p-values to three decimals; an undefined NPS is an em dash.
struct FigureTable {
  let figures: [NPSFigure]

  static let dash = "\u{2014}"

  private var hasPeriod: Bool { figures.contains { $0.period != nil } }
  private var hasSegment: Bool { figures.contains { $0.segment != nil } }
  private var hasComparison: Bool { figures.contains { $0.segment != nil } }

  private var levelPercent: String {
    let level = figures.first?.level ?? 0.95
    let percent = level * 100
    return percent == percent.rounded() ? String(Int(percent)) : String(percent)
  }

  func text() -> String {
    var header: [String] = []
    if hasPeriod { header.append("period") }
    if hasSegment { header += ["segment", "value"] }
    header += [
      "n", "promoters", "passives", "detractors", "NPS", "±\(levelPercent)%",
      "\(levelPercent)% interval",
    ]
    if hasComparison { header += ["vs rest", "p"] }
    var rows = [header]
    for figure in figures {
      var row: [String] = []
      if hasPeriod { row.append(figure.period?.label ?? "all") }
      if hasSegment { row += [figure.segment?.name ?? "", figure.segment?.value ?? "(all)"] }
      let tally = figure.tally
      row += [
        String(tally.n), countAndShare(tally, .promoter), countAndShare(tally, .passive),
        countAndShare(tally, .detractor), Self.points(tally.nps),
        Self.points(figure.interval?.margin), interval(figure.interval),
      ]
      if hasComparison {
        row += [
          Self.signedPoints(figure.comparison?.difference),
          figure.comparison.flatMap(\.pValue).map(Self.pValue) ?? Self.dash,
        ]
      }
      rows.append(row)
    }
    return align(rows)
  }

  func csv() -> String {
    var header: [String] = []
    if hasPeriod { header += ["period", "start", "end"] }
    if hasSegment { header += ["segment", "value"] }
    header += [
      "n", "promoters", "passives", "detractors", "nps", "margin\(levelPercent)",
      "ci\(levelPercent)_low", "ci\(levelPercent)_high",
    ]
    if hasComparison { header += ["difference_vs_rest", "p_value"] }
    var lines = [header.map(CSVField.escape).joined(separator: ",")]
    for figure in figures {
      var row: [String] = []
      if hasPeriod {
        row += [
          figure.period?.label ?? "", figure.period.map { ISO8601Instant.string($0.start) } ?? "",
          figure.period.map { ISO8601Instant.string($0.end) } ?? "",
        ]
      }
      if hasSegment { row += [figure.segment?.name ?? "", figure.segment?.value ?? ""] }
      let tally = figure.tally
      row += [
        String(tally.n), String(tally.promoters), String(tally.passives), String(tally.detractors),
        Self.raw(tally.nps), Self.raw(figure.interval?.margin), Self.raw(figure.interval?.lower),
        Self.raw(figure.interval?.upper),
      ]
      if hasComparison {
        row += [Self.raw(figure.comparison?.difference), Self.raw(figure.comparison?.pValue)]
      }
      lines.append(row.map(CSVField.escape).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func countAndShare(_ tally: Tally, _ category: Category) -> String {
    guard let share = tally.share(of: category) else { return "0" }
    return "\(tally[category]) (\(Int((share * 100).rounded()))%)"
  }

  private func interval(_ interval: NPSInterval?) -> String {
    guard let interval else { return Self.dash }
    return "\(Self.points(interval.lower)) to \(Self.points(interval.upper))"
  }

  static func points(_ value: Double?) -> String {
    guard let value else { return dash }
    return OneDecimal.string(value)
  }

  static func signedPoints(_ value: Double?) -> String {
    guard let value else { return dash }
    let text = points(value)
    return value > 0.05 ? "+" + text : text
  }

  static func pValue(_ value: Double) -> String {
    value < 0.001 ? "<0.001" : String(format: "%.3f", value)
  }

  static func raw(_ value: Double?) -> String {
    guard let value else { return "" }
    return String(value)
  }

  private func align(_ rows: [[String]]) -> String {
    let columns = rows.map(\.count).max() ?? 0
    var widths = Array(repeating: 0, count: columns)
    for row in rows {
      for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    return rows.map { row in
      row.enumerated().map { index, cell in
        let padding = String(repeating: " ", count: widths[index] - cell.count)
        // Text columns align left, numbers right.
        return Double(cell.filter { $0 != "%" && $0 != "+" }) != nil || cell == Self.dash
          ? padding + cell : cell + padding
      }.joined(separator: "  ").replacingOccurrences(
        of: "\\s+$", with: "", options: .regularExpression)
    }.joined(separator: "\n") + "\n"
  }
}

/// Quotes a CSV field when it holds a comma, quote or line break (RFC 4180), and neutralises
/// spreadsheet formulas.
enum CSVField {
  static func escape(_ field: String) -> String {
    var value = field
    if let first = value.unicodeScalars.first, "=+-@".unicodeScalars.contains(first),
      Double(value) == nil
    {
      value = "'" + value
    }
    if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
      return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return value
  }
}
