extension SurveyTexts {
  /// The built-in German texts (formal "Sie").
  public static let german = SurveyTexts(
    language: .german,
    subject: "Wie wahrscheinlich ist es, dass Sie {company} weiterempfehlen?",
    preheader: "Ein Klick genügt: Sagen Sie uns Ihre Meinung.",
    greeting: "Guten Tag {name},",
    greetingWithoutName: "Guten Tag,",
    intro:
      "vielen Dank, dass Sie sich für {company} entschieden haben. Wir möchten gern wissen, wie zufrieden Sie sind – es dauert nur einen Klick.",
    question:
      "Wie wahrscheinlich ist es auf einer Skala von 0 bis 10, dass Sie {company} einem Freund oder Kollegen weiterempfehlen?",
    lowLabel: "0 - überhaupt nicht wahrscheinlich",
    highLabel: "10 - äußerst wahrscheinlich",
    lowMeaning: "überhaupt nicht wahrscheinlich",
    highMeaning: "äußerst wahrscheinlich",
    scoreLabel: "{score} von 10",
    followUpDetractor:
      "Falls Sie uns keine 10 gegeben haben: Was können wir tun, damit Sie uns künftig eine 10 geben?",
    followUpPassive:
      "Falls Sie uns keine 10 gegeben haben: Was können wir tun, damit Sie uns künftig eine 10 geben?",
    followUpPromoter:
      "Vielen Dank! Was gefällt Ihnen an {company} am besten, und was könnten wir noch besser machen?",
    commentLabel: "Ihr Kommentar (optional)",
    sendButton: "Senden",
    thankYou: "Vielen Dank für Ihr Feedback!",
    thankYouDetail:
      "Ihre Antwort wurde gespeichert. Bis zum Ende der Umfrage können Sie sie noch ändern oder einen Kommentar hinzufügen.",
    changeScore: "Bewertung ändern",
    unsubscribe: "Von diesen Umfragen abmelden",
    unsubscribeNote: "Sie erhalten diese E-Mail, weil Sie Leistungen von {company} genutzt haben.",
    unsubscribeButton: "Abmelden",
    unsubscribed: "Sie wurden abgemeldet und erhalten keine Umfragen von {company} mehr.",
    surveyClosed: "Diese Umfrage ist beendet.",
    plainTextInstruction: "Wählen Sie Ihre Bewertung, indem Sie einen dieser Links öffnen:"
  )
}
