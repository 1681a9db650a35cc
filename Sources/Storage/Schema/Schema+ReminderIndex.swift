extension Schema {
  /// Migration 11: the invitations a reminder may still be due for, by send time. The worker
  /// looks for due reminders on every pass; it read every `sent` invitation ever made (the
  /// `(status, send_after)` index, then a sort), a cost that grew with the service's age. With
  /// this partial index and the open window (`leaseDueReminders`: sent after the longest
  /// `close_after_days` ago, before the shortest `reminder_days` ago) a pass reads only the
  /// invitations sent within that window that have had no reminder, in send order.
  static let reminderIndexMigrations: [Migration] = [
    Migration(version: 11, name: "reminder index") { _ in
      """
      CREATE INDEX invitations_remind ON invitations(sent_at, id)
        WHERE status = 'sent' AND reminder_sent_at IS NULL;
      """
    }
  ]
}
