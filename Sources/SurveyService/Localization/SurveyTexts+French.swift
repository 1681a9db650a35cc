extension SurveyTexts {
  /// The built-in French texts ("vous"; a no-break space before `?`, `!` and `:`).
  public static let french = SurveyTexts(
    language: .french,
    subject: "Quelle est la probabilité que vous recommandiez {company}\u{00A0}?",
    preheader: "Un seul clic\u{00A0}: donnez-nous votre avis.",
    greeting: "Bonjour {name},",
    greetingWithoutName: "Bonjour,",
    intro:
      "Merci d’avoir choisi {company}. Votre avis nous intéresse\u{00A0}: un seul clic suffit.",
    question:
      "Sur une échelle de 0 à 10, quelle est la probabilité que vous recommandiez {company} à un ami ou à un collègue\u{00A0}?",
    lowLabel: "0 - pas du tout probable",
    highLabel: "10 - extrêmement probable",
    lowMeaning: "pas du tout probable",
    highMeaning: "extrêmement probable",
    scoreLabel: "{score} sur 10",
    followUpDetractor:
      "Si vous ne nous avez pas donné 10, que pouvons-nous faire pour que vous nous donniez 10 à l’avenir\u{00A0}?",
    followUpPassive:
      "Si vous ne nous avez pas donné 10, que pouvons-nous faire pour que vous nous donniez 10 à l’avenir\u{00A0}?",
    followUpPromoter:
      "Merci\u{00A0}! Qu’appréciez-vous le plus chez {company}, et que pourrions-nous faire encore mieux\u{00A0}?",
    commentLabel: "Votre commentaire (facultatif)",
    sendButton: "Envoyer",
    thankYou: "Merci pour votre avis\u{00A0}!",
    thankYouDetail:
      "Votre réponse a été enregistrée. Vous pouvez encore la modifier ou ajouter un commentaire jusqu’à la clôture de l’enquête.",
    changeScore: "Modifier votre note",
    unsubscribe: "Se désabonner de ces enquêtes",
    unsubscribeNote: "Vous recevez cet e-mail parce que vous avez fait appel à {company}.",
    unsubscribeButton: "Se désabonner",
    unsubscribed:
      "Votre désabonnement est confirmé\u{00A0}: vous ne recevrez plus d’enquêtes de {company}.",
    surveyClosed: "Cette enquête est close.",
    plainTextInstruction: "Choisissez votre note en ouvrant l’un de ces liens\u{00A0}:"
  )
}
