import NPSCore

/// The thank-you page after an answer. Promoters are shown the survey's review link when set.
struct SurveyThanksPage {
  var visit: SurveyVisit
  /// The invitation's response score, if there is one.
  var score: Int?
  var isClosed: Bool

  func render() -> HTML {
    let texts = visit.texts
    let token = visit.token.text
    var review: HTML = ""
    if let score, Category(scoreValue: score) == .promoter,
      let link = visit.survey.promoterLink.flatMap(SafeURL.init)
    {
      review = """
        <p><a href="\(link)" rel="noopener noreferrer">\(visit.pageTexts.review)</a></p>

        """
    }
    let change: HTML =
      isClosed
      ? ""
      : """
      <p>\(texts.thankYouDetail)</p>
      <p><a href="\(SurveyLinks.formPath(token: token))">\(texts.changeScore)</a></p>

      """
    let body: HTML = """
      <h1>\(texts.thankYou)</h1>
      \(review)\(change)<p class="small"><a href="\(SurveyLinks.unsubscribePath(token: token))">\(texts.unsubscribe)</a></p>
      """
    return SurveyPageLayout.document(
      language: texts.language, title: texts.thankYou, brand: SurveyPageLayout.Brand(visit),
      body: body)
  }
}
