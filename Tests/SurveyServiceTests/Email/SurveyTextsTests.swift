import Foundation
import NPSCore
import Testing

@testable import SurveyService

@Suite struct SurveyTextsTests {
  @Test(arguments: [
    ("de", SurveyLanguage.german), ("de-AT", .german), ("DE_de.UTF-8", .german),
    ("fr_CA", .french), ("fr", .french), ("es-MX", .spanish), ("nl-BE", .dutch),
    ("en-GB", .english), ("pt-BR", .english), ("", .english), ("zz", .english),
  ])
  func languageFromLocale(_ locale: String, _ expected: SurveyLanguage) {
    #expect(SurveyLanguage(locale: locale) == expected)
  }

  @Test func nilLocaleIsEnglish() {
    #expect(SurveyLanguage(locale: nil) == .english)
  }

  @Test func englishWording() {
    let texts = SurveyTexts.resolve(locale: "en-US")
    #expect(
      texts.question(company: "Acme")
        == "On a scale of 0-10 how likely are you to recommend Acme to a friend or colleague?")
    #expect(texts.lowLabel == "0 - not at all likely")
    #expect(texts.highLabel == "10 - extremely likely")
    #expect(
      texts.followUp(for: .detractor, company: "Acme")
        == "If you did not give us a 10, what can we do to allow you to give us a 10 in the future?"
    )
    #expect(texts.accessibleLabel(score: 0) == "0 out of 10, not at all likely")
    #expect(texts.accessibleLabel(score: 7) == "7 out of 10")
    #expect(texts.accessibleLabel(score: 10) == "10 out of 10, extremely likely")
    #expect(texts.greeting(name: "Zoë") == "Hello Zoë,")
    #expect(texts.greeting(name: "  ") == "Hello,")
    #expect(texts.greeting(name: nil) == "Hello,")
    #expect(texts.sendButton == "Send")
  }

  @Test func germanWording() {
    let texts = SurveyTexts.resolve(locale: "de-AT")
    #expect(texts.language == .german)
    #expect(
      texts.question(company: "Acme")
        == "Wie wahrscheinlich ist es auf einer Skala von 0 bis 10, dass Sie Acme einem Freund oder Kollegen weiterempfehlen?"
    )
    #expect(texts.accessibleLabel(score: 3) == "3 von 10")
    #expect(texts.sendButton == "Senden")
  }

  @Test func everyLanguageIsComplete() {
    for language in SurveyLanguage.allCases {
      let texts = SurveyTexts.builtIn(language)
      #expect(texts.language == language)
      for (keyPath, _) in SurveyTextOverrides.fields {
        #expect(!texts[keyPath: keyPath].isEmpty, "\(language) \(keyPath)")
      }
      #expect(texts.question.contains("{company}"))
      #expect(texts.subject.contains("{company}"))
      #expect(texts.greeting.contains("{name}"))
      #expect(texts.scoreLabel.contains("{score}"))
      #expect(texts.lowLabel.hasPrefix("0"))
      #expect(texts.highLabel.hasPrefix("10"))
      if language != .english {
        #expect(texts.question != SurveyTexts.english.question)
      }
    }
  }

  @Test func overridesReplaceOnlyTheirFields() throws {
    var overrides = SurveyTextOverrides()
    overrides.question = "Would you recommend {company} to a colleague?"
    overrides.followUpPromoter = "What made you happy?"
    let texts = SurveyTexts.resolve(locale: "fr", overrides: overrides)
    #expect(texts.question(company: "Acme") == "Would you recommend Acme to a colleague?")
    #expect(texts.followUp(for: .promoter, company: "Acme") == "What made you happy?")
    #expect(texts.followUp(for: .passive, company: "Acme") == SurveyTexts.french.followUpPassive)
    #expect(texts.sendButton == "Envoyer")
  }

  @Test func overridesDecodeFromJSONWithMissingFields() throws {
    let json = #"{"question": "Q {company}?", "sendButton": "Go"}"#
    let overrides = try JSONDecoder().decode(SurveyTextOverrides.self, from: Data(json.utf8))
    #expect(overrides.question == "Q {company}?")
    #expect(overrides.sendButton == "Go")
    #expect(overrides.subject == nil)
  }

  @Test func categoryFollowUpsDiffer() {
    let texts = SurveyTexts.english
    #expect(texts.followUp(for: .promoter, company: "Acme").contains("Acme"))
    #expect(
      texts.followUp(for: .promoter, company: "Acme")
        != texts.followUp(for: .detractor, company: "Acme"))
  }

  @Test func placeholdersAreFilledOnceAndValuesAreNotScannedAgain() {
    #expect(
      SurveyTexts.fill("{name}, recommend {company}? {company}!", company: "Zoë & Co", name: "Ana")
        == "Ana, recommend Zoë & Co? Zoë & Co!")
    #expect(SurveyTexts.fill("{company}", company: "{name}", name: "Ana") == "{name}")
    #expect(SurveyTexts.fill("{score} and {other}", score: 7) == "7 and {other}")
    #expect(SurveyTexts.fill("{score}") == "{score}")
    #expect(SurveyTexts.fill("no placeholders") == "no placeholders")
  }
}
