using PresenceAgent.Subscriptions;

namespace PresenceAgent.Http;

/// <summary>
/// Health: what a load balancer or monitor polls, open to any client, so it says only that the agent runs and how
/// busy it is: nothing of the dial plan, the services or the watchers (those are admin's).
/// </summary>
internal static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (SubscriptionTable table, Notifier notifier) =>
            Results.Json(new { status = "ok", subscriptions = table.Count, notifiesInFlight = notifier.InFlight }));
        return app;
    }
}
