extension SurveyTexts {
  /// The built-in English texts.
  public static let english = SurveyTexts(
    language: .english,
    subject: "How likely are you to recommend {company}?",
    preheader: "One click: tell us how we are doing.",
    greeting: "Hello {name},",
    greetingWithoutName: "Hello,",
    intro:
      "Thank you for choosing {company}. We would love to know how we are doing; it only takes one click.",
    question:
      "On a scale of 0-10 how likely are you to recommend {company} to a friend or colleague?",
    lowLabel: "0 - not at all likely",
    highLabel: "10 - extremely likely",
    lowMeaning: "not at all likely",
    highMeaning: "extremely likely",
    scoreLabel: "{score} out of 10",
    followUpDetractor:
      "If you did not give us a 10, what can we do to allow you to give us a 10 in the future?",
    followUpPassive:
      "If you did not give us a 10, what can we do to allow you to give us a 10 in the future?",
    followUpPromoter:
      "Thank you! What do you like most about {company}, and what could we do even better?",
    commentLabel: "Your comment (optional)",
    sendButton: "Send",
    thankYou: "Thank you for your feedback!",
    thankYouDetail:
      "Your answer has been saved. You can still change it or add a comment until the survey closes.",
    changeScore: "Change your score",
    unsubscribe: "Unsubscribe from these surveys",
    unsubscribeNote: "You are receiving this email because you are a customer of {company}.",
    unsubscribeButton: "Unsubscribe",
    unsubscribed: "You have been unsubscribed and will receive no more surveys from {company}.",
    surveyClosed: "This survey is closed.",
    plainTextInstruction: "Choose your score by opening one of these links:"
  )
}
