using PresenceAgent.Presence;
using PresenceAgent.Presence.Live;
using SipFailure = PresenceAgent.Sip.Messages.SipFailure;

namespace PresenceAgent.Http;

/// <summary>
/// An admin's override of what a service shows, and the service's presence with its history:
/// <c>GET|PUT|DELETE /api/services/{alias}/presence</c>. The precedence (what an override does against the automatic
/// sources) is <see cref="LiveContact"/>'s; this only checks the request and says who asked.
/// </summary>
internal static class PresenceEndpoints
{
    public const string Route = "/services/{alias}/presence";

    public static RouteGroupBuilder MapPresenceEndpoints(this RouteGroupBuilder api)
    {
        var logger = ((IEndpointRouteBuilder)api).ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PresenceEndpoints).FullName!);
        var presence = api.MapGroup(Route).WithTags("Presence");

        presence.MapGet("", (string alias, AliasLookup lookup, LivePresence live) =>
                lookup.TryFind(alias, out var contact, out var problem)
                    ? Results.Json(PresenceView.Of(contact, live.Describe(contact)), ApiJson.Options)
                    : problem)
            .WithName("GetPresence")
            .WithSummary("What the service shows, what decided it, its override and its last 100 transitions.")
            .Produces<PresenceView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        presence.MapPut("", async (string alias, HttpContext http, AliasLookup lookup, LivePresence live, StateCatalogue states, TimeProvider time) =>
            {
                if (!lookup.TryFind(alias, out var contact, out var problem))
                {
                    return problem;
                }

                var (request, bad) = await JsonBody.ReadAsync<PresenceOverrideRequest>(http.Request).ConfigureAwait(false);
                if (request is null)
                {
                    return bad!;
                }

                var (manual, errors) = request.ToOverride(states, time.GetUtcNow());
                if (manual is null)
                {
                    return ApiProblems.Invalid(errors);
                }

                var client = ApiPipeline.Client(http);
                if (!live.SetOverride(contact, manual, $"override set over the API by {client}"))
                {
                    return ApiProblems.Status(StatusCodes.Status503ServiceUnavailable,
                        $"{LivePresence.MaxContacts} contacts have live presence already; clear overrides no longer needed.");
                }

                ApiLog.OverrideSet(logger, SipFailure.Sanitize(contact.Key), client, manual.Invisible ? ManualOverride.InvisibleId : manual.State.Id,
                    manual.Sticky, manual.Until?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? (manual.Sticky ? "it is cleared" : "the next automatic change"),
                    manual.Note is null ? "(none)" : SipFailure.Sanitize(manual.Note));
                return Results.Json(PresenceView.Of(contact, live.Describe(contact)), ApiJson.Options);
            })
            .WithName("SetPresenceOverride")
            .WithSummary("Overrides what the service shows; sticky for Offline, Away, BeRightBack, DoNotDisturb and Invisible.")
            .Accepts<PresenceOverrideRequest>("application/json")
            .Produces<PresenceView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        presence.MapDelete("", (string alias, HttpContext http, AliasLookup lookup, LivePresence live) =>
            {
                if (!lookup.TryFind(alias, out var contact, out var problem))
                {
                    return problem;
                }

                var client = ApiPipeline.Client(http);
                var had = live.ClearOverride(contact, $"override cleared over the API by {client}");
                ApiLog.OverrideCleared(logger, SipFailure.Sanitize(contact.Key), client, had);
                return Results.NoContent();
            })
            .WithName("ClearPresenceOverride")
            .WithSummary("Back to automatic presence; 204 whether or not there was an override.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }
}
