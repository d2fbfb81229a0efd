using PresenceAgent.Subscriptions;

namespace PresenceAgent.Http;

/// <summary>
/// Health: what a load balancer or monitor polls, open to any client, so it says only that the agent runs and how
/// busy it is: nothing of the dial plan, the services or the watchers (those are admin's). <c>/healthz</c> is liveness
/// (the process answers: restart it if not); <c>/readyz</c> is readiness (send it traffic), 503 with the reason when not.
/// </summary>
internal static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (SubscriptionTable table, Notifier notifier) =>
            Results.Json(new { status = "ok", subscriptions = table.Count, notifiesInFlight = notifier.InFlight }));
        app.MapGet("/readyz", (Readiness readiness) =>
        {
            var report = readiness.Check();
            var checks = report.Checks.ToDictionary(c => c.Name, c => new { ready = c.Ready, detail = c.Detail }, StringComparer.Ordinal);
            return report.Ready
                ? Results.Json(new { status = "ready", checks })
                : Results.Json(new { status = "not ready", reason = report.Reason, checks }, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}
