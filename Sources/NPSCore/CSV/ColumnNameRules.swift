/// Names that mark the date, id and comment columns. Compared on `HeaderText.compact`.
enum ColumnNameRules {
  /// Date names in order of preference: when the response was given first, then record times.
  static let dateNames = [
    "respondedat", "responsedate", "respondedon", "surveyedat", "answeredat", "submittedat",
    "submitdateutc", "submitdate", "submissiondate", "recordeddate", "completedat",
    "completiondate", "enddateutc", "enddate", "timestamp", "date", "datetime", "createdat",
    "createdattimestamp", "created", "createddate", "time", "startdateutc", "startdate",
    "starttime", "start", "end",
  ]
  /// Id names in order of preference (`#` is Typeform's response number).
  static let idNames = [
    "responseid", "respondentid", "id", "#", "userid", "customerid", "contactid", "uuid",
    "token", "submissionid",
  ]
  /// Id names that name a person rather than a response: one person may answer many times, so
  /// such a column identifies rows for reading, but an import must not treat it as the
  /// response's own id (it would keep one answer per person).
  static let personIDNames: Set<String> = ["userid", "customerid", "contactid"]
  /// Exact comment names, before the looser "contains" rule.
  static let commentNames: Set<String> = [
    "comment", "comments", "feedback", "text", "reason", "why", "verbatim", "remarks",
    "remark", "commentaire", "commentaires", "kommentar", "comentario", "openended",
    "openendedresponse", "answer", "response",
  ]
  static let commentMarks = [
    "why", "reason", "comment", "feedback", "explain", "improve", "tell us",
  ]

  /// The first name in `names` (in their order) that some column not in `excluded` has.
  static func firstMatch(_ names: [String], in texts: [ColumnTexts], excluding excluded: Set<Int>)
    -> Int?
  {
    for name in names {
      if let index = texts.indices.first(where: {
        !excluded.contains($0) && texts[$0].name.compact == name
      }) {
        return index
      }
    }
    return nil
  }

  static func idColumn(in texts: [ColumnTexts], excluding excluded: Set<Int>) -> Int? {
    for name in idNames {
      if let index = texts.indices.first(where: {
        !excluded.contains($0)
          && (texts[$0].name.compact == name || (name == "#" && texts[$0].name.lower == "#"))
      }) {
        return index
      }
    }
    return nil
  }

  /// A column named like a comment; else the first whose header or question asks an open
  /// question ("why", "reason", "comment"...).
  static func commentColumn(in texts: [ColumnTexts], excluding excluded: Set<Int>) -> Int? {
    let open = texts.indices.filter { !excluded.contains($0) }
    if let index = open.first(where: {
      texts[$0].all.contains { commentNames.contains($0.compact) }
    }) {
      return index
    }
    return open.first { index in
      texts[index].all.contains { text in
        commentMarks.contains { mark in
          mark.contains(" ") ? text.contains(mark) : text.words.contains { $0.hasPrefix(mark) }
        }
      }
    }
  }
}
