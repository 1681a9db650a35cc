import Foundation
import NPSCore
import Testing

@Suite struct NPSFigureTests {
  func json(_ figure: NPSFigure) throws -> [String: Any] {
    let data = Data(figure.json.rendered().utf8)
    return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  @Test func designShape() throws {
    let object = try json(NPSFigure(tally: Tally(promoters: 5, passives: 3, detractors: 2)))
    #expect(object["n"] as? Int == 10)
    #expect(object["promoters"] as? Int == 5)
    #expect(object["nps"] as? Double == 30.0)
    let margin = try #require(object["margin95"] as? Double)
    #expect(abs(margin - 42.1275) < 1e-3)
    let ci = try #require(object["ci95"] as? [Double])
    #expect(abs(ci[0] - -19.0506) < 1e-3 && abs(ci[1] - 65.2045) < 1e-3)
  }

  @Test func emptyFigureIsNullNotZero() throws {
    let object = try json(NPSFigure(tally: Tally()))
    #expect(object["n"] as? Int == 0)
    #expect(object["nps"] is NSNull)
    #expect(object["margin95"] is NSNull)
    #expect(object["ci95"] is NSNull)
  }

  @Test func periodAndSegment() throws {
    let calendar = PeriodCalendar(timeZoneIdentifier: "UTC")!
    let period = calendar.period(.week, containing: Date(timeIntervalSince1970: 1_710_000_000))
    let figure = NPSFigure(
      tally: Tally(promoters: 1), period: period,
      segment: .init(name: "agent", value: "Ana"))
    let object = try json(figure)
    #expect(object["period"] as? String == "2024-W10")
    #expect(object["start"] as? String == "2024-03-04T00:00:00Z")
    #expect(object["end"] as? String == "2024-03-11T00:00:00Z")
    let segment = try #require(object["segment"] as? [String: String])
    #expect(segment == ["name": "agent", "value": "Ana"])
  }
}
