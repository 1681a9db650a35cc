extension SurveyTexts {
  /// The built-in Dutch texts (formal "u").
  public static let dutch = SurveyTexts(
    language: .dutch,
    subject: "Hoe waarschijnlijk is het dat u {company} aanbeveelt?",
    preheader: "Eén klik: laat ons weten wat u vindt.",
    greeting: "Beste {name},",
    greetingWithoutName: "Hallo,",
    intro:
      "Bedankt dat u voor {company} hebt gekozen. We horen graag hoe we het doen; het kost maar één klik.",
    question:
      "Hoe waarschijnlijk is het, op een schaal van 0 tot 10, dat u {company} zou aanbevelen aan een vriend of collega?",
    lowLabel: "0 - helemaal niet waarschijnlijk",
    highLabel: "10 - zeer waarschijnlijk",
    lowMeaning: "helemaal niet waarschijnlijk",
    highMeaning: "zeer waarschijnlijk",
    scoreLabel: "{score} van de 10",
    followUpDetractor:
      "Als u ons geen 10 hebt gegeven, wat kunnen we doen zodat u ons in de toekomst wel een 10 geeft?",
    followUpPassive:
      "Als u ons geen 10 hebt gegeven, wat kunnen we doen zodat u ons in de toekomst wel een 10 geeft?",
    followUpPromoter:
      "Bedankt! Wat vindt u het beste aan {company}, en wat kunnen we nog beter doen?",
    commentLabel: "Uw opmerking (optioneel)",
    sendButton: "Versturen",
    thankYou: "Bedankt voor uw feedback!",
    thankYouDetail:
      "Uw antwoord is opgeslagen. U kunt het nog wijzigen of een opmerking toevoegen totdat de enquête sluit.",
    changeScore: "Uw score wijzigen",
    unsubscribe: "Afmelden voor deze enquêtes",
    unsubscribeNote: "U ontvangt deze e-mail omdat u gebruik hebt gemaakt van {company}.",
    unsubscribeButton: "Afmelden",
    unsubscribed: "U bent afgemeld en ontvangt geen enquêtes meer van {company}.",
    surveyClosed: "Deze enquête is gesloten.",
    plainTextInstruction: "Kies uw score door een van deze links te openen:"
  )
}
