import Foundation
import Mail

/// The rules for a dashboard user's email and name, one set for `nps user add` and the
/// settings page: the email is a mailbox the mail module can write (people sign in with it and
/// may be sent mail at it; a CR/LF in it broke `nps user list` and would break any header), the
/// name is one line of at most ``nameLength`` characters.
public enum UserDetails {
  public static let nameLength = 200

  /// The email without surrounding spaces, or an error saying what is wrong with it.
  public static func email(_ text: String) throws(UserDetailsError) -> String {
    let email = text.trimmingCharacters(in: .whitespaces)
    do { _ = try MailAddress(email) } catch {
      throw UserDetailsError("email: is not an email address: \(error)")
    }
    return email
  }

  /// The name without surrounding spaces (it may be empty), or an error.
  public static func name(_ text: String) throws(UserDetailsError) -> String {
    let name = text.trimmingCharacters(in: .whitespaces)
    if let problem = OneLineText.problem(in: name, limit: nameLength, allowsTab: true) {
      throw UserDetailsError("name: \(problem)")
    }
    return name
  }
}

/// A user's email or name that ``UserDetails`` refuses; the message names the field.
public struct UserDetailsError: Error, Sendable, CustomStringConvertible {
  public let description: String

  init(_ description: String) { self.description = description }
}
