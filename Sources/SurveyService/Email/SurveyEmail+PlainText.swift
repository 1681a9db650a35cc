extension SurveyEmail {
  /// The plain-text part: greeting, intro, question, then one line per score with its full
  /// link, and the unsubscribe link in full.
  public func plainText() -> String {
    var lines: [String] = [
      texts.greeting(name: contactName),
      "",
      SurveyTexts.fill(texts.intro, company: companyName),
      "",
      texts.question(company: companyName),
      "",
      texts.plainTextInstruction,
      "",
    ]
    for score in 0...10 {
      let label =
        switch score {
        case 0: texts.lowLabel
        case 10: texts.highLabel
        default: String(score)
        }
      lines.append("\(label): \(scoreURLs[score])")
    }
    lines += [
      "",
      "-- ",
      SurveyTexts.fill(texts.unsubscribeNote, company: companyName),
      "\(texts.unsubscribe): \(unsubscribeURL)",
    ]
    return lines.joined(separator: "\n") + "\n"
  }
}
