import Foundation
import Mail
import SurveyService

/// `nps send-test ADDRESS [--survey SLUG] [--locale xx] [--name NAME]`: one survey email through
/// the configured transport (NPS_MAIL_URL), to check delivery and looks.
enum SendTestCommand {
  static let help = """
    usage: nps send-test ADDRESS [--survey SLUG] [--locale xx] [--name NAME] [--config FILE]

    Sends one survey email through NPS_MAIL_URL (the outbox folder by default). Its links
    match no invitation, so following them records nothing.
    """

  static func run(_ raw: [String], console: Console) throws -> ExitCode {
    if raw.contains("--help") {
      console.line(help)
      return .success
    }
    var arguments = try Arguments(raw)
    let address = try arguments.positional("the ADDRESS to send to")
    let slug = try arguments.option("survey") ?? "default"
    let locale = try arguments.option("locale")
    let name = try arguments.option("name")
    let options = try StoreOptions(&arguments)
    try arguments.finish()
    let runner = try ServeCommand.open(options.configuration)
    defer { runner.context.store.close() }
    do {
      let id = try SendTest.send(
        context: runner.context, to: address, surveySlug: slug, locale: locale, name: name)
      // The parsed URL's description, which never shows a password.
      let via =
        (try? MailURL(parsing: runner.context.configuration.mailURL))?.description ?? "NPS_MAIL_URL"
      console.line("sent \(id) to \(address) via \(via)")
    } catch let error as MailSendError {
      throw CommandError(Self.exitCode(error), error.debugDescription)
    } catch let error as SendTest.Failure {
      throw CommandError(.dataError, error.description)
    }
    return .success
  }

  /// The sysexits status for a failed send: the address refused is bad data (65), a refused
  /// sign-in bad configuration (78), anything else the mail server being unavailable (69).
  static func exitCode(_ error: MailSendError) -> ExitCode {
    switch error.kind {
    case .permanentRecipient: .dataError
    case .permanent where error.command == "AUTH": .config
    case .temporary, .permanent: .unavailable
    }
  }
}
