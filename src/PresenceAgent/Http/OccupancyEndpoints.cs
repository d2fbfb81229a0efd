using PresenceAgent.Directory;
using PresenceAgent.Presence.Live;
using PresenceAgent.Presence.Occupancy;
using SipFailure = PresenceAgent.Sip.Messages.SipFailure;

namespace PresenceAgent.Http;

/// <summary>
/// <c>PUT /api/services/{alias}/occupancy</c>: participants, lock and the meeting under way from a conference platform
/// other than Pexip Infinity (whose nodes use the event sink, which names no meeting), applied through the same
/// occupancy model as one more source beside the nodes. Mapped on the API group, so it has the API's credentials, body limit and problem documents.
/// </summary>
internal static class OccupancyEndpoints
{
    public const string Route = "/services/{alias}/occupancy";

    public static RouteGroupBuilder MapOccupancyEndpoints(this RouteGroupBuilder api)
    {
        var logger = ((IEndpointRouteBuilder)api).ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OccupancyEndpoints).FullName!);
        api.MapPut(Route, async (string alias, HttpContext http, AliasLookup lookup, OccupancyTracker tracker, LivePresence live) =>
            {
                if (!lookup.TryFind(alias, out var contact, out var problem))
                {
                    return problem;
                }

                if (contact.Kind == ContactKind.Gateway)
                {
                    return ApiProblems.NotFound($"{contact.Key} is a gateway contact; occupancy is kept for services only.");
                }

                var (request, bad) = await JsonBody.ReadAsync<OccupancyRequest>(http.Request).ConfigureAwait(false);
                if (request is null)
                {
                    return bad!;
                }

                var (given, meeting, errors) = request.Check();
                if (errors.Count > 0)
                {
                    return ApiProblems.Invalid(errors);
                }

                var client = ApiPipeline.Client(http);
                var total = tracker.SetCounted(contact, given, meeting, $"occupancy API ({client})");
                OccupancyLog.Set(logger, SipFailure.Sanitize(contact.Key), client, given.ToString(), total.ToString());
                var shown = live.Current(contact);
                return Results.Json(new OccupancyView(contact.Key, total.Participants, total.Locked,
                    (tracker.Rule.StateFor(contact, total) ?? contact.DefaultState).Id, shown.State.Id, shown.Source.ToString(),
                    shown.Meeting is { } m ? new OccupancyMeeting { Subject = m.Subject, Location = m.Location } : null), ApiJson.Options);
            })
            .WithTags("Occupancy")
            .WithName("SetOccupancy")
            .WithSummary("How full the service's conference is, from a platform other than Pexip Infinity's event sink; adds to what its nodes report.")
            .Accepts<OccupancyRequest>("application/json")
            .Produces<OccupancyView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return api;
    }
}
