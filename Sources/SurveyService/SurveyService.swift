// The SurveyService module. See docs/architecture.md.
