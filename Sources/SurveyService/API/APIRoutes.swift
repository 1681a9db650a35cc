import Foundation
import HTTPServer
import NPSCore
import Storage

/// The JSON API under `/api/v1`, authenticated with API keys (docs/api.md):
/// - `POST /api/v1/interactions` (scope ingest): one interaction, an array, or
///   `{"interactions": [...]}` of up to 1,000; answered 202 with what was decided for each.
/// - `GET /api/v1/interactions/{external_id}` and `.../decisions` (scope read): the interaction
///   and every eligibility decision with its reason.
enum APIRoutes {
  /// Settings of the API routes.
  struct Options: Sendable {
    /// Requests a second per key, on average (`NPS_API_RATE`, default 50).
    var rate: Double = 50
    /// Requests a key may send at once before being limited (`NPS_API_BURST`, default 200).
    var burst: Double = 200
    var sampler: SampleSource = .system()
  }

  static func register(in router: inout Router, context: ServiceContext) {
    register(in: &router, context: context, options: Options(tuning: context.configuration.tuning))
  }

  static func register(in router: inout Router, context: ServiceContext, options: Options) {
    let limiter = APIRateLimit(store: context.store, rate: options.rate, burst: options.burst)
    let ingestor = Ingestor(context: context, sampler: options.sampler)

    @Sendable func authorize(_ request: Request, _ scope: APIScope) throws -> APIKey {
      try limiter.authorize(request, scope: scope, context: context)
    }
    // Reports and exports count against the same per-key rate.
    ReportAPIRoutes.register(in: &router, context: context, limiter: limiter)

    router.post("/api/v1/interactions") { request in
      _ = try authorize(request, .ingest)
      guard let type = request.mediaType, type == "application/json" || type.hasSuffix("+json")
      else {
        throw ProblemDetails(
          status: .unsupportedMediaType, detail: "send Content-Type: application/json")
      }
      let result: IngestBatchResult
      do {
        result = try ingestor.ingest(jsonBody: request.body)
      } catch let error as IngestValidationError {
        throw ProblemDetails(error)
      }
      return try jsonResponse(IngestReply(result), status: .accepted)
    }

    router.get("/api/v1/interactions/:external_id") { request in
      _ = try authorize(request, .read)
      let (interaction, decisions, invitations) = try lookUp(request, context: context)
      return try jsonResponse(
        InteractionReply(
          interaction: interaction, decisions: decisions, invitations: invitations))
    }

    router.get("/api/v1/interactions/:external_id/decisions") { request in
      _ = try authorize(request, .read)
      let (_, decisions, _) = try lookUp(request, context: context)
      return try jsonResponse(DecisionsReply(decisions: decisions.map(DecisionReply.init)))
    }
  }

  private static func lookUp(_ request: Request, context: ServiceContext) throws -> (
    Interaction, [EligibilityDecision], [Invitation]
  ) {
    let externalID = try request.parameters.require("external_id", as: String.self)
    guard let interaction = try context.store.interaction(externalID: externalID) else {
      throw ProblemDetails(status: .notFound, detail: "no interaction with that external_id")
    }
    let decisions = try context.store.decisions(interactionID: interaction.id)
    let invitations = try context.store.invitations(contactID: interaction.contactID)
      .filter { $0.interactionID == interaction.id }
    return (interaction, decisions, invitations)
  }

  static func jsonResponse(_ value: some Encodable, status: HTTPStatus = .ok) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .custom { date, encoder in
      var container = encoder.singleValueContainer()
      try container.encode(ISO8601Instant.string(date, alwaysMilliseconds: true))
    }
    return Response(
      status: status, headers: ["Content-Type": "application/json"],
      body: Array(try encoder.encode(value)))
  }
}

extension APIRoutes.Options {
  /// Defaults with `NPS_API_RATE` and `NPS_API_BURST` applied where set.
  init(tuning: TuningSettings) {
    self.init()
    if let rate = tuning.apiRate { self.rate = rate }
    if let burst = tuning.apiBurst { self.burst = burst }
  }
}
