import HTTPServer
import NPSCore

/// The survey page: the question with all eleven scores as a radio group (the chosen one
/// selected), the follow-up question for the chosen score's category, a comment box, Send.
struct SurveyFormPage {
  var visit: SurveyVisit
  /// The score shown selected; nil for none.
  var selected: Int?
  /// The text in the comment box.
  var comment: String
  /// Whether the page's script sends `selected` as a tentative pick when shown.
  var autosend: Bool
  /// An error to show above the form (422 pages).
  var error: String?
  /// The signed hidden field.
  var signature: String
  var quietWindow: Double

  func render() -> HTML {
    let texts = visit.texts
    let token = visit.token.text
    let wording = visit.wording
    // With a score chosen the comment box is labelled by its follow-up question; without one,
    // by the plain comment label.
    let followUp = selected.map { wording.followUp(for: Category(scoreValue: $0)) }
    let scores: [HTML] = (0...10).map { score in
      let label = wording.scoreLabels[score]
      let checked: HTML = score == selected ? " checked" : ""
      return """
        <label><input type="radio" name="score" value="\(score)"\(checked)>\
        <span class="n" aria-hidden="true">\(score)</span><span class="sr">\(label)</span></label>

        """
    }
    let errorLine: HTML = error.map { "<p class=\"error\" role=\"alert\">\($0)</p>\n" } ?? ""
    let statusText = autosend ? "" : (selected == nil ? "" : visit.pageTexts.noScript)
    let body: HTML = """
      \(errorLine)<form id="survey" method="post" action="\(SurveyLinks.formPath(token: token))" \
      data-autosend="\(autosend ? "1" : "0")" data-pick="\(SurveyLinks.pickPath(token: token))" \
      data-settle="\(SurveyLinks.settlePath(token: token))" data-quiet="\(Int(quietWindow))" \
      data-saved="\(visit.pageTexts.saved)" data-unsaved="\(visit.pageTexts.noScript)" \
      data-followup-promoter="\(wording.followUpPromoter)" \
      data-followup-passive="\(wording.followUpPassive)" \
      data-followup-detractor="\(wording.followUpDetractor)">
      <input type="hidden" name="sig" value="\(signature)">
      <fieldset>
      <legend>\(wording.question)</legend>
      <div class="scale">
      \(scores)</div>
      <p class="ends" aria-hidden="true"><span>\(texts.lowLabel)</span><span>\(texts.highLabel)</span></p>
      </fieldset>
      <p id="status" class="status" role="status" aria-live="polite">\(statusText)</p>
      \(autosend ? "<noscript><p class=\"status\">\(visit.pageTexts.noScript)</p></noscript>" as HTML : HTML.empty)
      <label class="followup" id="followup" for="comment">\(followUp ?? texts.commentLabel)</label>
      <p class="hint" id="comment-hint">\(followUp == nil ? "" : texts.commentLabel)</p>
      <textarea id="comment" name="comment" rows="6" aria-describedby="comment-hint">
      \(comment)</textarea>
      <button type="submit">\(texts.sendButton)</button>
      </form>
      <p class="small"><a href="\(SurveyLinks.unsubscribePath(token: token))">\(texts.unsubscribe)</a></p>
      """
    return SurveyPageLayout.document(
      language: texts.language, title: wording.question,
      brand: SurveyPageLayout.Brand(visit), body: body, script: true)
  }
}
