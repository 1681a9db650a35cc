import HTTPServer

/// The pages a customer sees: the survey page for a score, the comment, thanks, unsubscribe.
enum SurveyPageRoutes {
  static func register(in router: inout Router, context: ServiceContext) {
  }
}
