/// The allowed values of a survey's numeric settings, the same on the command line
/// (`nps survey create|update`) and on the dashboard's settings page.
public enum SurveySettingLimits {
  /// Minutes between the interaction and the invitation (up to a year).
  public static let delayMinutes = 0...525_600
  /// Days after an invitation during which the same person is not invited again.
  public static let throttleDays = 0...3650
  /// Days after sending until the one reminder; 0 for none.
  public static let reminderDays = 0...365
  /// Days after sending during which answers are taken.
  public static let closeAfterDays = 1...3650
}
