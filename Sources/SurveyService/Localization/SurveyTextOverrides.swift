/// A survey's own wording: each non-nil field replaces the built-in text of the same name.
///
/// Overrides apply whatever the contact's locale, so write them in the survey's language.
/// Encoded as JSON with the same field names (missing fields are nil).
public struct SurveyTextOverrides: Sendable, Hashable, Codable {
  public var subject: String?
  public var preheader: String?
  public var greeting: String?
  public var greetingWithoutName: String?
  public var intro: String?
  public var question: String?
  public var lowLabel: String?
  public var highLabel: String?
  public var lowMeaning: String?
  public var highMeaning: String?
  public var scoreLabel: String?
  public var followUpDetractor: String?
  public var followUpPassive: String?
  public var followUpPromoter: String?
  public var commentLabel: String?
  public var sendButton: String?
  public var thankYou: String?
  public var thankYouDetail: String?
  public var changeScore: String?
  public var unsubscribe: String?
  public var unsubscribeNote: String?
  public var unsubscribeButton: String?
  public var unsubscribed: String?
  public var surveyClosed: String?
  public var plainTextInstruction: String?

  /// No overrides; set the fields you need.
  public init() {}

  /// Each text field paired with its override.
  static var fields: [(WritableKeyPath<SurveyTexts, String>, KeyPath<SurveyTextOverrides, String?>)]
  {
    [
      (\.subject, \.subject), (\.preheader, \.preheader), (\.greeting, \.greeting),
      (\.greetingWithoutName, \.greetingWithoutName), (\.intro, \.intro), (\.question, \.question),
      (\.lowLabel, \.lowLabel), (\.highLabel, \.highLabel), (\.lowMeaning, \.lowMeaning),
      (\.highMeaning, \.highMeaning), (\.scoreLabel, \.scoreLabel),
      (\.followUpDetractor, \.followUpDetractor), (\.followUpPassive, \.followUpPassive),
      (\.followUpPromoter, \.followUpPromoter), (\.commentLabel, \.commentLabel),
      (\.sendButton, \.sendButton), (\.thankYou, \.thankYou), (\.thankYouDetail, \.thankYouDetail),
      (\.changeScore, \.changeScore), (\.unsubscribe, \.unsubscribe),
      (\.unsubscribeNote, \.unsubscribeNote), (\.unsubscribeButton, \.unsubscribeButton),
      (\.unsubscribed, \.unsubscribed), (\.surveyClosed, \.surveyClosed),
      (\.plainTextInstruction, \.plainTextInstruction),
    ]
  }
}
