import Foundation

extension SQLStore {
  public func createSurvey(_ survey: Survey, now: Date) throws -> Survey {
    try write { connection in
      let row = try connection.queryFirst(
        """
        INSERT INTO surveys (slug, name, question, followup_promoter, followup_passive,
          followup_detractor, brand_name, brand_color, logo_url, sender_name, sender_email,
          throttle_days, delay_minutes, reminder_days, sample_rate, quiet_start_minute,
          quiet_end_minute, language, close_after_days, public_page, promoter_link, alert_emails,
          created_at, updated_at)
        VALUES (\(survey.slug), \(survey.name), \(survey.question), \(survey.followupPromoter),
          \(survey.followupPassive), \(survey.followupDetractor), \(survey.brandName),
          \(survey.brandColor), \(survey.logoURL), \(survey.senderName), \(survey.senderEmail),
          \(survey.throttleDays), \(survey.delayMinutes), \(survey.reminderDays),
          \(survey.sampleRate), \(survey.quietStartMinute), \(survey.quietEndMinute),
          \(survey.language), \(survey.closeAfterDays), \(survey.publicPage),
          \(survey.promoterLink), \(JSONText.encode(survey.alertEmails)), \(now), \(now))
        RETURNING *
        """)
      guard let row else { throw StorageError(.query, "the survey was not created") }
      return try Self.survey(from: row)
    }
  }

  public func survey(id: Int64) throws -> Survey? {
    try read { connection in
      try connection.queryFirst("SELECT * FROM surveys WHERE id = \(id)").map(Self.survey(from:))
    }
  }

  public func survey(slug: String) throws -> Survey? {
    try read { connection in
      try connection.queryFirst("SELECT * FROM surveys WHERE slug = \(slug)").map(
        Self.survey(from:))
    }
  }

  public func updateSurvey(_ survey: Survey, now: Date) throws {
    let changed = try write { connection in
      try connection.execute(
        """
        UPDATE surveys SET slug = \(survey.slug), name = \(survey.name),
          question = \(survey.question), followup_promoter = \(survey.followupPromoter),
          followup_passive = \(survey.followupPassive),
          followup_detractor = \(survey.followupDetractor), brand_name = \(survey.brandName),
          brand_color = \(survey.brandColor), logo_url = \(survey.logoURL),
          sender_name = \(survey.senderName), sender_email = \(survey.senderEmail),
          throttle_days = \(survey.throttleDays), delay_minutes = \(survey.delayMinutes),
          reminder_days = \(survey.reminderDays), sample_rate = \(survey.sampleRate),
          quiet_start_minute = \(survey.quietStartMinute),
          quiet_end_minute = \(survey.quietEndMinute), language = \(survey.language),
          close_after_days = \(survey.closeAfterDays), public_page = \(survey.publicPage),
          promoter_link = \(survey.promoterLink),
          alert_emails = \(JSONText.encode(survey.alertEmails)), updated_at = \(now)
        WHERE id = \(survey.id)
        """)
    }
    if changed == 0 { throw StorageError.notFound("survey \(survey.id)") }
  }

  public func surveys() throws -> [Survey] {
    try read { connection in
      try connection.query("SELECT * FROM surveys ORDER BY id").map(Self.survey(from:))
    }
  }

  static func survey(from row: SQLRow) throws -> Survey {
    Survey(
      id: try row.int("id"), slug: try row.string("slug"), name: try row.string("name"),
      question: try row.string("question"), followupPromoter: try row.string("followup_promoter"),
      followupPassive: try row.string("followup_passive"),
      followupDetractor: try row.string("followup_detractor"),
      brandName: try row.string("brand_name"), brandColor: try row.string("brand_color"),
      logoURL: row.optionalString("logo_url"), senderName: try row.string("sender_name"),
      senderEmail: try row.string("sender_email"),
      throttleDays: Int(try row.int("throttle_days")),
      delayMinutes: Int(try row.int("delay_minutes")),
      reminderDays: Int(try row.int("reminder_days")), sampleRate: try row.double("sample_rate"),
      quietStartMinute: row.optionalInt("quiet_start_minute").map(Int.init),
      quietEndMinute: row.optionalInt("quiet_end_minute").map(Int.init),
      language: try row.string("language"),
      closeAfterDays: Int(try row.int("close_after_days")),
      publicPage: try row.bool("public_page"), promoterLink: row.optionalString("promoter_link"),
      alertEmails: JSONText.decodeList(row.optionalString("alert_emails")),
      createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
  }
}
