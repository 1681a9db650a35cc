import Foundation
import Mail
import Storage
import SurveyService

/// `nps invite EMAIL`: invites one person now and prints the survey links.
enum InviteCommand {
  static let help = """
    usage: nps invite EMAIL [--survey SLUG] [--name NAME] [--locale LOCALE] [--config FILE]

    Creates (or updates) the contact, creates an invitation to the survey (default: "default")
    with a fresh token, sends the survey email through NPS_MAIL_URL (the outbox folder by
    default) and prints the eleven score links (0-10) and the unsubscribe link, one per line.
    EMAIL, --name (at most 200 characters, one line) and --locale (a language tag such as en
    or de-AT) follow the rules of the interactions API.
    """

  static func run(_ raw: [String], console: Console) throws -> ExitCode {
    if raw.contains("--help") {
      console.line(help)
      return .success
    }
    var arguments = try Arguments(raw)
    let email = try arguments.positional("EMAIL")
    let survey = try arguments.option("survey") ?? "default"
    let name = try arguments.option("name")
    let locale = try arguments.option("locale")
    let configuration = try ServeCommand.loadConfiguration(&arguments)
    try arguments.finish()
    // Checked before the store is opened: a bad detail stores nothing.
    if case .invalid(let problems) = InviteNow.check(
      email: email, name: name, locale: locale, surveySlug: survey)
    {
      throw CommandError.usage(
        problems.map { describe($0, email: email, locale: locale) }.joined(separator: "; "))
    }
    let context = try makeContext(configuration)
    defer { context.store.close() }
    let result: InviteNow.Result
    do {
      result = try InviteNow.invite(
        context: context, email: email, name: name, locale: locale, surveySlug: survey)
    } catch let failure as InviteNow.Failure {
      // The mail server down is 69, as for `nps send-test`; anything else is the input's.
      throw CommandError(failure.mailUnavailable ? .unavailable : .dataError, failure.description)
    } catch {
      throw CommandError.storage(error)
    }
    for (score, url) in result.scoreURLs.enumerated() { console.line("\(score) \(url)") }
    console.line("unsubscribe \(result.unsubscribeURL)")
    console.errorLine(
      "invitation \(result.invitation.id) for \(result.contact.email) sent, message <\(result.messageID)>"
    )
    return .success
  }

  /// A problem with a detail, naming the argument or option it came from
  /// (`--name: must be at most 200 characters`) and quoting the short ones as typed.
  static func describe(_ problem: FieldProblem, email: String, locale: String?) -> String {
    let source =
      switch problem.pointer {
      case "/email": "EMAIL \"\(email)\""
      case "/name": "--name"
      case "/locale": "--locale \"\(locale ?? "")\""
      case "/survey": "--survey"
      default: problem.pointer
      }
    return "\(source): \(problem.detail)"
  }

  static func makeContext(_ configuration: ServiceConfiguration) throws(CommandError)
    -> ServiceContext
  {
    do {
      try FileManager.default.createDirectory(
        atPath: configuration.dataDirectory, withIntermediateDirectories: true)
      let secret = try SecretKey.load(for: configuration)
      let mail = try MailURL(parsing: configuration.mailURL).makeTransport()
      let store = try StoreFactory.open(url: configuration.databaseURL, migrate: true)
      return ServiceContext(
        configuration: configuration, store: store, mail: mail, secret: secret, logger: .disabled)
    } catch let error as ConfigurationError {
      throw CommandError(.config, error.description)
    } catch let error as StorageError {
      throw CommandError.storage(error)
    } catch {
      throw CommandError(.config, "\(error)")
    }
  }
}
