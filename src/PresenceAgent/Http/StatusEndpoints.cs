using PresenceAgent.Reload;
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
        // The last configuration reload (null until one), naming the keys at fault but not the messages: those quote
        // the dial plan (the log, POST /admin/reload and the admin console give them whole).
        app.MapGet("/healthz", (SubscriptionTable table, Notifier notifier, ReloadReports reloads) =>
            Results.Json(new
            {
                status = "ok",
                subscriptions = table.Count,
                notifiesInFlight = notifier.InFlight,
                lastReload = reloads.Last is { } last
                    ? new
                    {
                        time = last.Time,
                        trigger = ReloadNames.Of(last.Trigger),
                        result = ReloadNames.Of(last.Result),
                        errors = last.ErrorKeys.Distinct(StringComparer.Ordinal),
                        restartRequired = last.RestartRequired,
                    }
                    : null,
            }));
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
