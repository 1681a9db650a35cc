import Foundation
import NPSCore
import Storage
import SurveyService

/// `nps decisions EXTERNAL_ID`: the interaction, every eligibility decision with its reason,
/// and its invitation's state.
enum DecisionsCommand {
  static let help = """
    usage: nps decisions EXTERNAL_ID [--database URL] [--config FILE]
    """

  static func run(_ raw: [String], console: Console) throws -> ExitCode {
    if raw.contains("--help") {
      console.line(help)
      return .success
    }
    var arguments = try Arguments(raw)
    let externalID = try arguments.positional("the interaction's EXTERNAL_ID")
    let store = try StoreOptions(&arguments).open(.existing)
    defer { store.close() }
    try arguments.finish()
    do {
      guard let interaction = try store.interaction(externalID: externalID) else {
        throw CommandError(.dataError, "no interaction with external id \"\(externalID)\"")
      }
      let contact = try store.contact(id: interaction.contactID)
      console.line(
        "interaction \(interaction.externalID) of \(contact?.email ?? "?") at "
          + ISO8601Instant.string(interaction.occurredAt))
      for decision in try store.decisions(interactionID: interaction.id) {
        let slug = try store.survey(id: decision.surveyID)?.slug ?? "\(decision.surveyID)"
        console.line(
          "\(ISO8601Instant.string(decision.decidedAt))\tsurvey \(slug)\t\(decision.outcome)\t"
            + decision.reason)
      }
      for invitation in try store.invitations(contactID: interaction.contactID)
      where invitation.interactionID == interaction.id {
        var line = "invitation \(invitation.id)\t\(invitation.status.rawValue)"
        line += "\tsend after \(ISO8601Instant.string(invitation.sendAfter))"
        if let sent = invitation.sentAt { line += "\tsent \(ISO8601Instant.string(sent))" }
        if let error = invitation.lastError { line += "\t\(error)" }
        console.line(line)
      }
    } catch let error as CommandError { throw error } catch { throw CommandError.storage(error) }
    return .success
  }
}
