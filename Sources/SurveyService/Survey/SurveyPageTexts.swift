/// The few texts the survey pages need beyond ``SurveyTexts`` (errors, the script's status
/// line, the unsubscribe question), in the same five languages. `{company}` is filled in.
struct SurveyPageTexts: Sendable, Hashable {
  var invalidLinkTitle: String
  var invalidLinkDetail: String
  var tooManyRequests: String
  var chooseScore: String
  var commentTooLong: String
  var commentInvalid: String
  var formExpired: String
  var noScript: String
  var saved: String
  var unsubscribeQuestion: String
  var review: String

  static func forLanguage(_ language: SurveyLanguage) -> SurveyPageTexts {
    switch language {
    case .english: english
    case .german: german
    case .french: french
    case .spanish: spanish
    case .dutch: dutch
    }
  }

  static let english = SurveyPageTexts(
    invalidLinkTitle: "This link does not work",
    invalidLinkDetail: "Please open the link again from the email you received.",
    tooManyRequests: "Too many requests. Please wait a minute and try again.",
    chooseScore: "Please choose a score from 0 to 10.",
    commentTooLong: "Your comment is too long: at most 5,000 characters, please.",
    commentInvalid: "Your comment contains a character that cannot be saved.",
    formExpired: "This form has expired. Please open the link from the email again.",
    noScript: "Press Send to save your score.",
    saved: "Thank you, your score is saved. You can add a comment below.",
    unsubscribeQuestion: "Do you want to stop receiving these surveys from {company}?",
    review: "Would you share your experience in a review?")

  static let german = SurveyPageTexts(
    invalidLinkTitle: "Dieser Link funktioniert nicht",
    invalidLinkDetail: "Bitte öffnen Sie den Link erneut aus der E-Mail, die Sie erhalten haben.",
    tooManyRequests: "Zu viele Anfragen. Bitte warten Sie eine Minute und versuchen Sie es erneut.",
    chooseScore: "Bitte wählen Sie eine Bewertung von 0 bis 10.",
    commentTooLong: "Ihr Kommentar ist zu lang: höchstens 5.000 Zeichen, bitte.",
    commentInvalid: "Ihr Kommentar enthält ein Zeichen, das nicht gespeichert werden kann.",
    formExpired:
      "Dieses Formular ist abgelaufen. Bitte öffnen Sie den Link aus der E-Mail erneut.",
    noScript: "Drücken Sie auf Senden, um Ihre Bewertung zu speichern.",
    saved:
      "Vielen Dank, Ihre Bewertung ist gespeichert. Unten können Sie einen Kommentar hinzufügen.",
    unsubscribeQuestion: "Möchten Sie keine Umfragen von {company} mehr erhalten?",
    review: "Möchten Sie Ihre Erfahrung in einer Bewertung teilen?")

  static let french = SurveyPageTexts(
    invalidLinkTitle: "Ce lien ne fonctionne pas",
    invalidLinkDetail: "Veuillez rouvrir le lien depuis l’e-mail que vous avez reçu.",
    tooManyRequests: "Trop de demandes. Veuillez patienter une minute puis réessayer.",
    chooseScore: "Veuillez choisir une note de 0 à 10.",
    commentTooLong:
      "Votre commentaire est trop long : 5 000 caractères au maximum, s’il vous plaît.",
    commentInvalid: "Votre commentaire contient un caractère qui ne peut pas être enregistré.",
    formExpired: "Ce formulaire a expiré. Veuillez rouvrir le lien de l’e-mail.",
    noScript: "Appuyez sur Envoyer pour enregistrer votre note.",
    saved: "Merci, votre note est enregistrée. Vous pouvez ajouter un commentaire ci-dessous.",
    unsubscribeQuestion: "Voulez-vous ne plus recevoir ces enquêtes de {company} ?",
    review: "Voulez-vous partager votre expérience dans un avis ?")

  static let spanish = SurveyPageTexts(
    invalidLinkTitle: "Este enlace no funciona",
    invalidLinkDetail: "Vuelva a abrir el enlace desde el correo que recibió.",
    tooManyRequests: "Demasiadas solicitudes. Espere un minuto y vuelva a intentarlo.",
    chooseScore: "Elija una puntuación de 0 a 10.",
    commentTooLong: "Su comentario es demasiado largo: 5.000 caracteres como máximo, por favor.",
    commentInvalid: "Su comentario contiene un carácter que no se puede guardar.",
    formExpired: "Este formulario ha caducado. Vuelva a abrir el enlace del correo.",
    noScript: "Pulse Enviar para guardar su puntuación.",
    saved: "Gracias, su puntuación se ha guardado. Puede añadir un comentario abajo.",
    unsubscribeQuestion: "¿Desea dejar de recibir estas encuestas de {company}?",
    review: "¿Le gustaría compartir su experiencia en una reseña?")

  static let dutch = SurveyPageTexts(
    invalidLinkTitle: "Deze link werkt niet",
    invalidLinkDetail: "Open de link opnieuw vanuit de e-mail die u hebt ontvangen.",
    tooManyRequests: "Te veel verzoeken. Wacht een minuut en probeer het opnieuw.",
    chooseScore: "Kies een score van 0 tot 10.",
    commentTooLong: "Uw opmerking is te lang: maximaal 5.000 tekens, alstublieft.",
    commentInvalid: "Uw opmerking bevat een teken dat niet kan worden opgeslagen.",
    formExpired: "Dit formulier is verlopen. Open de link uit de e-mail opnieuw.",
    noScript: "Druk op Versturen om uw score op te slaan.",
    saved: "Bedankt, uw score is opgeslagen. U kunt hieronder een opmerking toevoegen.",
    unsubscribeQuestion: "Wilt u geen enquêtes van {company} meer ontvangen?",
    review: "Wilt u uw ervaring delen in een recensie?")
}
