import Foundation
import NPSCore
import Storage

/// The one ingest pipeline behind `POST /api/v1/interactions` and `nps import interactions`:
/// checks the inputs, resolves their surveys, and stores each interaction with its contact,
/// its eligibility decision and (when invited) its invitation, all in one transaction.
public struct Ingestor: Sendable {
  public let context: ServiceContext
  public let sampler: SampleSource

  /// An ingest pipeline. Concurrent calls share transactions (the store's group commit).
  public init(context: ServiceContext, sampler: SampleSource = .system()) {
    self.context = context
    self.sampler = sampler
  }

  /// Checks a JSON request body and ingests it. Throws ``IngestValidationError`` (nothing
  /// stored) when any item is wrong; storage errors propagate.
  public func ingest(jsonBody body: [UInt8]) throws -> IngestBatchResult {
    let now = context.clock.now()
    let parsed = try InteractionJSON.items(body)
    guard parsed.items.count <= IngestLimits.batchSize else {
      throw IngestValidationError(
        items: [
          0: [
            FieldProblem(
              pointer: parsed.prefix,
              detail: "at most \(IngestLimits.batchSize) interactions per request")
          ]
        ], isBatch: false)
    }
    guard !parsed.items.isEmpty else {
      throw IngestValidationError(
        items: [0: [FieldProblem(pointer: parsed.prefix, detail: "no interactions")]],
        isBatch: false)
    }
    var inputs: [InteractionInput] = []
    var problems: [Int: [FieldProblem]] = [:]
    // Every item's survey, also of items with other problems, so one answer names them all.
    var slugs: [(index: Int, slug: String)] = []
    for (index, item) in parsed.items.enumerated() {
      switch InteractionJSON.input(item, now: now) {
      case .valid(let input):
        inputs.append(input)
        slugs.append((index, input.survey))
      case .invalid(let found):
        problems[index] = found
        if !found.contains(where: { $0.pointer == "/survey" }), let slug = item.fields.surveySlug {
          slugs.append((index, slug))
        }
      }
    }
    if !problems.isEmpty {
      for (index, more) in try findSurveys(slugs).problems {
        problems[index, default: []] += more
      }
      throw IngestValidationError(
        items: problems, isBatch: parsed.isBatch, prefix: parsed.prefix)
    }
    do {
      var result = try ingest(inputs, now: now)
      result.isBatch = parsed.isBatch
      return result
    } catch var error as IngestValidationError {
      error.isBatch = parsed.isBatch
      error.prefix = parsed.prefix
      throw error
    }
  }

  /// Looks each distinct survey slug up once; every item that names an unknown survey gets a
  /// `/survey` problem.
  private func findSurveys(_ slugs: [(index: Int, slug: String)]) throws -> (
    found: [String: Survey], problems: [Int: [FieldProblem]]
  ) {
    var found: [String: Survey] = [:]
    var unknown: Set<String> = []
    var problems: [Int: [FieldProblem]] = [:]
    for (index, slug) in slugs {
      if found[slug] == nil, !unknown.contains(slug) {
        if let survey = try context.store.survey(slug: slug) {
          found[slug] = survey
        } else {
          unknown.insert(slug)
        }
      }
      if unknown.contains(slug) {
        problems[index] = [FieldProblem(pointer: "/survey", detail: "no survey \"\(slug)\"")]
      }
    }
    return (found, problems)
  }

  /// Ingests checked inputs: all or nothing. An unknown survey is a validation error.
  public func ingest(_ inputs: [InteractionInput], now: Date? = nil) throws -> IngestBatchResult {
    let now = now ?? context.clock.now()
    let (surveys, problems) = try findSurveys(
      inputs.enumerated().map { (index: $0.offset, slug: $0.element.survey) })
    if !problems.isEmpty {
      throw IngestValidationError(items: problems, isBatch: inputs.count > 1)
    }
    let rules = surveys.mapValues {
      EligibilityRules(survey: $0, companyTimeZone: context.timeZone)
    }
    let items = inputs.map { input in
      IngestItem(
        contact: ContactInput(
          email: input.email, name: input.name, locale: input.locale, timeZone: input.timeZone),
        interaction: Interaction(
          externalID: input.externalID, contactID: 0, kind: input.kind, channel: input.channel,
          occurredAt: input.occurredAt, properties: input.properties, createdAt: now),
        surveyID: surveys[input.survey]!.id)
    }
    let surveyRules = Dictionary(
      uniqueKeysWithValues: surveys.values.map { ($0.id, rules[$0.slug]!) })
    let secret = context.secret
    let records = try context.store.ingest(
      items, now: now,
      decide: { _, item, facts in
        surveyRules[item.surveyID]!.decide(facts, now: now, sampleDraw: sampler.next())
      },
      tokenHash: { id, createdAt in
        InvitationToken.hash(secret: secret, invitationID: id, createdAt: createdAt)
      })
    return IngestBatchResult(records: records, isBatch: inputs.count > 1)
  }
}

/// What one ingest call did, item by item in input order.
public struct IngestBatchResult: Sendable {
  public var records: [IngestRecord]
  public var isBatch: Bool

  /// Interactions stored by this call (repeats of known external ids excluded).
  public var created: Int { records.filter(\.isNew).count }
  /// Invitations scheduled by this call.
  public var invited: Int { records.filter { $0.isNew && $0.invitation != nil }.count }
}

extension EligibilityRules {
  /// The rules of a survey, with the company's zone for contacts without one.
  public init(survey: Survey, companyTimeZone: TimeZone) {
    var quiet: QuietHours?
    if let start = survey.quietStartMinute, let end = survey.quietEndMinute {
      quiet = try? QuietHours(startMinute: start, endMinute: end)
    }
    self.init(
      throttleDays: survey.throttleDays, delayMinutes: survey.delayMinutes,
      sampleRate: survey.sampleRate, quietHours: quiet, companyTimeZone: companyTimeZone)
  }
}
