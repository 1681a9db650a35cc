import Foundation
import HTTPServer

/// The pages a customer sees: the survey page for a score, the comment, thanks, unsubscribe.
///
/// | route | what |
/// |---|---|
/// | `GET /s/{token}/{score}` | survey page with the score chosen; logs a view; its script sends a tentative pick |
/// | `POST /s/{token}/pick` | the script's tentative pick (`score`, `sig`); 204 |
/// | `POST /s/{token}/settle` | the script, after the quiet window: settles due picks; 204 |
/// | `GET /s/{token}` | survey page with the stored score (to change it); logs nothing |
/// | `POST /s/{token}` | the form (`score`, `comment`, `sig`): recorded at once; 303 to thanks |
/// | `GET /s/{token}/thanks` | thank-you page (review link for promoters) |
/// | `GET /u/{token}` | unsubscribe confirmation page |
/// | `POST /u/{token}` | unsubscribe: the page's signed form, or RFC 8058 one-click |
/// | `GET /assets/survey.css`, `/assets/survey.js` | the pages' stylesheet and script |
enum SurveyPageRoutes {
  static func register(in router: inout Router, context: ServiceContext) {
    register(
      in: &router, context: context,
      settings: SurveyPageSettings(tuning: context.configuration.tuning))
  }

  static func register(
    in router: inout Router, context: ServiceContext, settings: SurveyPageSettings
  ) {
    let pages = SurveyPages(context: context, settings: settings)
    SurveyAssets.register(in: &router)
    router.get("/s/:token/thanks") { try pages.thanks($0) }
    router.get("/s/:token/:score") { try pages.showScore($0) }
    router.get("/s/:token") { try pages.showForm($0) }
    router.post("/s/:token/pick") { try pages.pick($0) }
    router.post("/s/:token/settle") { try pages.settle($0) }
    router.post("/s/:token") { try pages.submit($0) }
    router.get("/u/:token") { try pages.showUnsubscribe($0) }
    router.post("/u/:token") { try pages.unsubscribe($0) }
  }
}
