import Foundation
import HTTPServer
import NPSCore
import Storage

/// `/dashboard/settings`: the survey's wording and rules (members and admins may save), API
/// keys and users (admins only).
enum SettingsPage {
  static func render(
    filter: ReportFilter, who: SignedIn, context: ServiceContext, newKey: String? = nil,
    newWebhookSecret: String? = nil
  ) throws -> DashboardResponse {
    let survey = filter.survey
    let disabled: HTML = who.canEdit ? "" : " disabled"
    func field(_ name: String, _ label: String, _ value: String, type: String = "text") -> HTML {
      "<label>\(label) <input type=\"\(type)\" name=\"\(name)\" value=\"\(value)\"\(disabled)></label>"
    }
    // Wording left at the standard shows empty, with the built-in text of the survey's
    // language as a placeholder: contacts see the built-in text of their own language.
    let builtIn = SurveyTexts.builtIn(SurveyLanguage(locale: survey.language))
    let custom = SurveyWording.overrides(for: survey)
    func wording(_ name: String, _ label: String, _ value: String?, _ standard: String) -> HTML {
      "<label>\(label) <input type=\"text\" name=\"\(name)\" value=\"\(value ?? "")\" placeholder=\"\(standard)\"\(disabled)></label>"
    }
    func minutes(_ value: Int?) -> String {
      value.map { String(format: "%02d:%02d", $0 / 60, $0 % 60) } ?? ""
    }
    let checked: HTML = survey.publicPage ? " checked" : ""
    var body: HTML = """
      <h1>Settings</h1>
      <h2>Survey “\(survey.name)”</h2>
      <form method="post" action="/dashboard/settings/survey" class="narrow">
      <input type="hidden" name="csrf" value="\(who.csrfToken)"><input type="hidden" name="survey" value="\(survey.slug)">
      <p class="muted">Empty wording fields use the built-in texts, in each contact's language (shown greyed in the survey's language).</p>
      \(field("name", "Name", survey.name))\(wording("question", "Question", custom.question, builtIn.question))
      \(wording("followup_promoter", "Follow-up for promoters", custom.followUpPromoter, builtIn.followUpPromoter))
      \(wording("followup_passive", "Follow-up for passives", custom.followUpPassive, builtIn.followUpPassive))
      \(wording("followup_detractor", "Follow-up for detractors", custom.followUpDetractor, builtIn.followUpDetractor))
      \(field("throttle_days", "Throttle (days between surveys of one person)", String(survey.throttleDays), type: "number"))
      \(field("delay_minutes", "Delay after the interaction (minutes)", String(survey.delayMinutes), type: "number"))
      \(field("reminder_days", "Reminder after (days, 0 = none)", String(survey.reminderDays), type: "number"))
      \(field("sample_rate", "Sampling (share invited, 0–1)", String(survey.sampleRate)))
      \(field("quiet_start", "Quiet hours from (HH:MM, empty = none)", minutes(survey.quietStartMinute)))
      \(field("quiet_end", "Quiet hours until (HH:MM)", minutes(survey.quietEndMinute)))
      \(field("brand_name", "Brand name", survey.brandName))\(field("brand_color", "Brand colour (#rrggbb)", survey.brandColor))
      \(field("logo_url", "Logo URL (https)", survey.logoURL ?? ""))\(field("language", "Language (en, de, fr, es, nl)", survey.language))
      \(field("alert_emails", "Detractor alerts to (emails, comma-separated)", survey.alertEmails.joined(separator: ", ")))
      <label><span><input type="checkbox" name="public_page" value="1"\(checked)\(disabled)> Public page at /p/\(survey.slug)</span></label>
      \(who.canEdit ? "<button type=\"submit\" id=\"save-survey\">Save</button>" as HTML : .empty)
      </form>
      """
    guard who.isAdmin else {
      return DashboardLayout.response(
        title: "Settings", who: who, body: body, active: "/dashboard/settings",
        query: filter.query())
    }
    let keys = try context.store.apiKeys().map { key -> HTML in
      let state: HTML =
        key.revokedAt != nil
        ? "revoked"
        : """
        <form method="post" action="/dashboard/settings/keys/\(key.id)/revoke">\
        <input type="hidden" name="csrf" value="\(who.csrfToken)"><button type="submit">Revoke</button></form>
        """
      return """
        <tr><td>\(key.name)</td><td><code>\(key.prefix)…</code></td><td>\(key.scopes.joined(separator: ", "))</td>\
        <td>\(key.lastUsedAt.map { Format.minute($0, context.timeZone) } ?? "never")</td><td>\(state)</td></tr>
        """
    }
    let shown: HTML? = newKey.map {
      "<p class=\"warn\" id=\"new-key\">New key (shown once): <code>\($0)</code></p>"
    }
    func manage(_ user: User) -> HTML {
      """
      <form method="post" action="/dashboard/settings/users/\(user.id)/password">\
      <input type="hidden" name="csrf" value="\(who.csrfToken)">\
      <input type="password" name="password" id="reset-\(user.id)" required autocomplete="new-password" \
      aria-label="New password for \(user.email)"> <button type="submit">Reset password</button></form>
      <form method="post" action="/dashboard/settings/users/\(user.id)/delete">\
      <input type="hidden" name="csrf" value="\(who.csrfToken)">\
      <button type="submit" id="delete-\(user.id)">Remove user</button></form>
      """
    }
    let users = try context.store.users().map { user -> HTML in
      let roles = DashboardRole.allCases.map { role -> HTML in
        let selected: HTML = role.rawValue == user.role ? " selected" : ""
        return "<option\(selected)>\(role.rawValue)</option>"
      }
      let checked: HTML = user.disabledAt != nil ? " checked" : ""
      return """
        <tr><td>\(user.email)</td><td>\(user.name)</td><td><form method="post" action="/dashboard/settings/users/\(user.id)">\
        <input type="hidden" name="csrf" value="\(who.csrfToken)"><select name="role">\(roles)</select> \
        <label><span><input type="checkbox" name="disabled" value="1"\(checked)> disabled</span></label> \
        <button type="submit">Save</button></form></td><td>\(user.id == who.user.id ? "(you)" as HTML : manage(user))</td></tr>
        """
    }
    body =
      body + """
        <h2>API keys</h2>\(shown)
        <table><thead><tr><th>Name</th><th>Key</th><th>Scopes</th><th>Last used</th><th></th></tr></thead><tbody>\(keys)</tbody></table>
        <form method="post" action="/dashboard/settings/keys" class="filters">
        <input type="hidden" name="csrf" value="\(who.csrfToken)">
        <label>Name <input type="text" name="name" required></label>
        <label><span><input type="checkbox" name="scope" value="ingest"> ingest</span></label>
        <label><span><input type="checkbox" name="scope" value="read" checked> read</span></label>
        <label><span><input type="checkbox" name="scope" value="admin"> admin</span></label>
        <button type="submit">Create key</button></form>
        <h2>Users</h2>
        <table id="users"><thead><tr><th>Email</th><th>Name</th><th>Role</th><th>Password, removal</th></tr></thead><tbody>\(users)</tbody></table>
        <form method="post" action="/dashboard/settings/users" class="filters">
        <input type="hidden" name="csrf" value="\(who.csrfToken)">
        <label>Email <input type="email" name="email" required></label>
        <label>Name <input type="text" name="name"></label>
        <label>Role <select name="role"><option>viewer</option><option>member</option><option>admin</option></select></label>
        <label>Password <input type="password" name="password" required autocomplete="new-password"></label>
        <button type="submit">Add user</button></form>
        """ + (try WebhooksSection.render(who: who, context: context, newSecret: newWebhookSecret))
    return DashboardLayout.response(
      title: "Settings", who: who, body: body, active: "/dashboard/settings", query: filter.query())
  }

  /// POST `/dashboard/settings/survey`: reads the form into a ``SurveySettingsChange`` (the
  /// rules `nps survey update` applies too), then saves; a field left out stays as it is.
  static func saveSurvey(form: FormFields, who: SignedIn, context: ServiceContext) throws
    -> DashboardResponse
  {
    guard var survey = try context.store.survey(slug: form["survey"] ?? "") else {
      throw HTTPError.badRequest("Unknown survey.")
    }
    func number(_ setting: SurveySetting, _ range: ClosedRange<Int>) throws -> Int? {
      guard let raw = form[setting.formField] else { return nil }
      guard let value = Int(raw.trimmingCharacters(in: .whitespaces)) else {
        throw HTTPError.badRequest(
          "\(setting.formField): must be a whole number from \(range.lowerBound) to "
            + "\(range.upperBound).")
      }
      return value
    }
    func minute(_ name: String) throws -> Int? {
      guard let raw = form[name], !raw.isEmpty else { return nil }
      let parts = raw.split(separator: ":").compactMap { Int($0) }
      guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else {
        throw HTTPError.badRequest("\(name) must be HH:MM.")
      }
      return parts[0] * 60 + parts[1]
    }
    var change = SurveySettingsChange()
    change.name = form["name"]
    change.question = form["question"]
    change.followupPromoter = form["followup_promoter"]
    change.followupPassive = form["followup_passive"]
    change.followupDetractor = form["followup_detractor"]
    change.throttleDays = try number(.throttleDays, SurveySettingLimits.throttleDays)
    change.delayMinutes = try number(.delayMinutes, SurveySettingLimits.delayMinutes)
    change.reminderDays = try number(.reminderDays, SurveySettingLimits.reminderDays)
    if let raw = form["sample_rate"] {
      guard let rate = Double(raw.trimmingCharacters(in: .whitespaces)) else {
        throw HTTPError.badRequest("sample_rate: must be a number from 0 to 1.")
      }
      change.sampleRate = rate
    }
    if form["quiet_start"] != nil || form["quiet_end"] != nil {
      let quietStart = try minute("quiet_start")
      let quietEnd = try minute("quiet_end")
      guard (quietStart == nil) == (quietEnd == nil) else {
        throw HTTPError.badRequest("Quiet hours need both a start and an end.")
      }
      if let quietStart, let quietEnd {
        do {
          change.quietHours = .some(try QuietHours(startMinute: quietStart, endMinute: quietEnd))
        } catch {
          throw HTTPError.badRequest(
            "Quiet hours must end at another time than they start (leave both empty for none).")
        }
      } else {
        change.quietHours = .some(nil)
      }
    }
    change.brandName = form["brand_name"]
    change.brandColor = form["brand_color"]
    if let logo = form["logo_url"] {
      let trimmed = logo.trimmingCharacters(in: .whitespaces)
      change.logoURL = .some(trimmed.isEmpty ? nil : trimmed)
    }
    change.language = form["language"]
    change.alertEmails = form["alert_emails"]
    // A checkbox is sent only when ticked.
    change.publicPage = form["public_page"] == "1"
    do { try change.apply(to: &survey) } catch {
      throw HTTPError.badRequest("\(error).")
    }
    let now = context.clock.now()
    try context.store.updateSurvey(survey, now: now)
    try context.audit(who, "survey.update", target: "survey:\(survey.id)", at: now)
    return .redirect(to: "/dashboard/settings?survey=" + QueryString.encode(survey.slug))
  }
}
