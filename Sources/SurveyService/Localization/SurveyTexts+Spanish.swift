extension SurveyTexts {
  /// The built-in Spanish texts (formal "usted").
  public static let spanish = SurveyTexts(
    language: .spanish,
    subject: "¿Qué probabilidad hay de que recomiende {company}?",
    preheader: "Un solo clic: díganos qué opina.",
    greeting: "Hola, {name}:",
    greetingWithoutName: "Hola:",
    intro:
      "Gracias por elegir {company}. Nos encantaría saber su opinión: solo le llevará un clic.",
    question:
      "En una escala del 0 al 10, ¿qué probabilidad hay de que recomiende {company} a un amigo o colega?",
    lowLabel: "0 - nada probable",
    highLabel: "10 - extremadamente probable",
    lowMeaning: "nada probable",
    highMeaning: "extremadamente probable",
    scoreLabel: "{score} de 10",
    followUpDetractor:
      "Si no nos ha dado un 10, ¿qué podemos hacer para que nos dé un 10 en el futuro?",
    followUpPassive:
      "Si no nos ha dado un 10, ¿qué podemos hacer para que nos dé un 10 en el futuro?",
    followUpPromoter:
      "¡Gracias! ¿Qué es lo que más le gusta de {company} y qué podríamos hacer aún mejor?",
    commentLabel: "Su comentario (opcional)",
    sendButton: "Enviar",
    thankYou: "¡Gracias por su opinión!",
    thankYouDetail:
      "Hemos guardado su respuesta. Puede cambiarla o añadir un comentario hasta que se cierre la encuesta.",
    changeScore: "Cambiar su puntuación",
    unsubscribe: "Darse de baja de estas encuestas",
    unsubscribeNote: "Recibe este correo porque ha utilizado los servicios de {company}.",
    unsubscribeButton: "Darse de baja",
    unsubscribed: "Se ha dado de baja y no recibirá más encuestas de {company}.",
    surveyClosed: "Esta encuesta está cerrada.",
    plainTextInstruction: "Elija su puntuación abriendo uno de estos enlaces:"
  )
}
