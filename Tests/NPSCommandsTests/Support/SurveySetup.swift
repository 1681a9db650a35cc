import Testing

/// Imports need an existing survey (`nps import` never creates one): tests make theirs first.
func createSurveys(_ slugs: [String], database url: String) {
  for slug in slugs {
    let run = CommandRun(["survey", "create", slug, "--database", url])
    #expect(run.status == .success, "survey create \(slug): \(run.err)")
  }
}
