extension SurveyEmail {
  private static let font = "font-family:Arial,Helvetica,sans-serif;"

  /// The HTML part: a complete document, table layout, inline styles, every text escaped.
  public func html() -> String {
    let e = HTML.escape
    let colour = brandColour.hex
    let company = e(companyName)
    let title = e(subject)
    let lang = texts.language.tag
    var html = """
      <!DOCTYPE html>
      <html lang="\(lang)" dir="ltr">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="x-apple-disable-message-reformatting">
      <meta name="color-scheme" content="light">
      <title>\(title)</title>
      </head>
      <body style="margin:0;padding:0;background-color:#F3F4F6;">
      <div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">\(e(texts.preheader))</div>
      <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" \
      style="background-color:#F3F4F6;">
      <tr><td align="center" style="padding:24px 8px;">
      <table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" \
      style="width:100%;max-width:600px;background-color:#FFFFFF;border-top:6px solid \(colour);">

      """
    html += "<tr><td style=\"padding:24px 24px 8px 24px;\(SurveyEmail.font)\">"
    if let logoURL {
      html +=
        "<img src=\"\(e(logoURL))\" alt=\"\(company)\" height=\"40\" "
        + "style=\"display:block;height:40px;width:auto;max-width:240px;border:0;\">"
    } else {
      html +=
        "<span style=\"font-size:20px;line-height:28px;font-weight:bold;color:\(colour);\">"
        + "\(company)</span>"
    }
    html += "</td></tr>\n"
    let bodyStyle = "\(SurveyEmail.font)font-size:16px;line-height:24px;color:#111827;"
    html += "<tr><td style=\"padding:8px 24px 0 24px;\(bodyStyle)\">\n"
    html += "<p style=\"margin:0 0 12px 0;\">\(e(texts.greeting(name: contactName)))</p>\n"
    html +=
      "<p style=\"margin:0 0 16px 0;\">\(e(SurveyTexts.fill(texts.intro, company: companyName)))</p>\n"
    html +=
      "<h1 style=\"margin:0 0 16px 0;font-size:20px;line-height:28px;font-weight:bold;"
      + "color:#111827;\">\(e(texts.question(company: companyName)))</h1>\n"
    html += "</td></tr>\n"
    html += "<tr><td style=\"padding:0 16px;\">\n"
    html += scoreButtons()
    html += endLabels()
    html += "</td></tr>\n"
    let note = e(SurveyTexts.fill(texts.unsubscribeNote, company: companyName))
    html +=
      "<tr><td style=\"padding:24px 24px 24px 24px;\(SurveyEmail.font)font-size:12px;"
      + "line-height:18px;color:#6B7280;\">\n"
      + "<p style=\"margin:0 0 4px 0;\">\(note)</p>\n"
      + "<p style=\"margin:0;\"><a href=\"\(e(unsubscribeURL))\" style=\"color:#6B7280;"
      + "text-decoration:underline;\">\(e(texts.unsubscribe))</a></p>\n"
      + "</td></tr>\n"
    html += "</table>\n</td></tr>\n</table>\n</body>\n</html>\n"
    return html
  }

  /// One row of eleven equal cells, each a link on the brand colour.
  private func scoreButtons() -> String {
    let e = HTML.escape
    let colour = brandColour.hex
    let textColour = brandColour.textColour
    var row =
      "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"3\" "
      + "border=\"0\" style=\"table-layout:fixed;\">\n<tr>\n"
    for score in 0...10 {
      let label = e(texts.accessibleLabel(score: score))
      row +=
        "<td align=\"center\" bgcolor=\"\(colour)\" style=\"background-color:\(colour);"
        + "border-radius:4px;\"><a href=\"\(e(scoreURLs[score]))\" aria-label=\"\(label)\" "
        + "title=\"\(label)\" style=\"display:block;padding:12px 0;\(SurveyEmail.font)"
        + "font-size:16px;line-height:20px;font-weight:bold;color:\(textColour);"
        + "text-decoration:none;\">\(score)</a></td>\n"
    }
    return row + "</tr>\n</table>\n"
  }

  /// The two end labels under the buttons, left and right.
  private func endLabels() -> String {
    let e = HTML.escape
    let style =
      "padding:4px 3px 0 3px;\(SurveyEmail.font)font-size:13px;line-height:18px;color:#4B5563;"
    return "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" "
      + "border=\"0\">\n<tr>\n"
      + "<td align=\"left\" style=\"\(style)\">\(e(texts.lowLabel))</td>\n"
      + "<td align=\"right\" style=\"\(style)\">\(e(texts.highLabel))</td>\n"
      + "</tr>\n</table>\n"
  }
}
