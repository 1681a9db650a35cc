/// The unsubscribe pages: the confirmation (GET) and the result (after POST).
enum UnsubscribePage {
  /// Asks whether to unsubscribe; the button POSTs a signed form to the same URL.
  static func confirm(_ visit: SurveyVisit, signature: String) -> HTML {
    let texts = visit.texts
    let question = SurveyTexts.fill(visit.pageTexts.unsubscribeQuestion, company: visit.company)
    let body: HTML = """
      <h1>\(texts.unsubscribe)</h1>
      <form method="post" action="\(SurveyLinks.unsubscribePath(token: visit.token.text))">
      <input type="hidden" name="sig" value="\(signature)">
      <p>\(question)</p>
      <button type="submit">\(texts.unsubscribeButton)</button>
      </form>
      <p class="small">\(SurveyTexts.fill(texts.unsubscribeNote, company: visit.company))</p>
      """
    return SurveyPageLayout.document(
      language: texts.language, title: texts.unsubscribe, brand: SurveyPageLayout.Brand(visit),
      body: body)
  }

  /// Says the contact is unsubscribed.
  static func done(_ visit: SurveyVisit) -> HTML {
    let texts = visit.texts
    let message = SurveyTexts.fill(texts.unsubscribed, company: visit.company)
    let body: HTML = """
      <h1>\(texts.unsubscribe)</h1>
      <p role="status">\(message)</p>
      """
    return SurveyPageLayout.document(
      language: texts.language, title: texts.unsubscribe, brand: SurveyPageLayout.Brand(visit),
      body: body)
  }
}
