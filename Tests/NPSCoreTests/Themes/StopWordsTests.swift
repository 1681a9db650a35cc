import Foundation
import Testing

@testable import NPSCore

@Suite struct StopWordsTests {
  let tokenizer = CommentTokenizer.multilingual

  @Test(arguments: [
    (
      "de-AT", "Die App ist leider nicht gut",
      [
        "app", "leider", "nicht", "gut", "leider nicht",
        "nicht gut",
      ]
    ),
    ("fr_CA", "L'équipe n'est pas réactive", ["équipe", "pas", "réactive", "pas réactive"]),
    ("es", "El soporte no es muy rápido", ["soporte", "no", "rápido", "soporte no"]),
    (
      "nl", "De app werkt niet op mijn telefoon",
      [
        "app", "werkt", "niet", "telefoon",
        "app werkt", "werkt niet",
      ]
    ),
    ("en", "The door of the app is not what I want", ["door", "app", "not", "want"]),
  ])
  func eachLanguageDropsItsOwnStopWordsAndKeepsNegations(
    locale: String, comment: String, expected: [String]
  ) {
    #expect(tokenizer.terms(comment, locale: locale) == Set(expected))
  }

  @Test func aKnownLanguageKeepsOtherLanguagesWords() {
    // "die" and "war" are German stop words, but English comments keep them as terms.
    #expect(
      tokenizer.terms("Mobile app will die in war", locale: "en") == [
        "mobile", "app", "die", "war", "mobile app",
      ])
    // German drops them.
    #expect(tokenizer.terms("Die App war langsam", locale: "de") == ["app", "langsam"])
  }

  @Test func anUnknownLanguageDropsEveryLanguagesStopWords() {
    for locale in [nil, "", "it", "pt-BR"] {
      #expect(
        tokenizer.terms("Der Support ist nicht gut and the app is slow", locale: locale) == [
          "support", "nicht", "gut", "nicht gut", "app", "slow",
        ])
      // Words that are content words in English stay: "door", "want".
      #expect(
        tokenizer.terms("I want the door fixed", locale: locale) == [
          "want", "door", "fixed", "door fixed",
        ])
    }
    #expect(StopWords.languageCode("DE_de.UTF-8") == "de")
    #expect(StopWords.languageCode("it") == nil)
    #expect(StopWords.forLanguage(nil) == StopWords.all)
    #expect(StopWords.forLanguage("fr-BE") == StopWords.french)
  }

  @Test func negationsAreNeverStopWords() {
    let negations = [
      "not", "no", "nicht", "kein", "keine", "nie", "ohne", "ne", "pas", "jamais", "rien", "sans",
      "nunca", "nada", "sin", "ni", "niet", "geen", "nooit", "niets", "zonder",
    ]
    for word in negations { #expect(!StopWords.all.contains(word), "\(word)") }
  }

  @Test func themesUseEachCommentsLanguage() {
    // German detractors and English promoters: "die" is not a theme of the German comments,
    // while the English "die" of "never die" is one of the promoters'.
    let detractors = (0..<5).map { _ in
      ThemeComment("Die Rechnung ist immer falsch", locale: "de")
    }
    let promoters = (0..<5).map { _ in ThemeComment("Great support, never die", locale: "en") }
    let result = CommentThemes.compare(detractors, promoters, minimumCount: 3)
    #expect(Set(result.first.map(\.term)) == ["rechnung", "immer falsch"])
    #expect(result.second.map(\.term).contains("never die"))
    #expect(!result.first.map(\.term).contains("die"))
  }
}
