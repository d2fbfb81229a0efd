using PresenceAgent.Directory;
using PresenceAgent.RoutingRules;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Http;

/// <summary>
/// Health and the admin view of the routing rules. Rules and lint are shown only to loopback clients: they describe
/// the internal dial plan.
/// </summary>
internal static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (SubscriptionTable table, Notifier notifier) =>
            Results.Json(new { status = "ok", subscriptions = table.Count, notifiesInFlight = notifier.InFlight }));

        app.MapGet("/admin/rules", (HttpContext http, RoutingRuleSet rules) =>
            !IsLocal(http)
                ? Results.StatusCode(StatusCodes.Status403Forbidden)
                : Results.Json(new
                {
                    rules = rules.Rules.Select(r => new { r.Name, r.Priority, r.Enabled, engine = r.Engine.ToString(), match = r.Definition.Match, replace = r.Definition.Replace }),
                    lint = rules.Lint().Select(w => new { w.RuleName, severity = w.Severity.ToString(), code = w.Code.ToString(), w.Message }),
                    timeouts = rules.Timeouts,
                }));

        // Memory per subscription as the GC sees it: live managed bytes after a full, compacting collection. Loopback
        // only, since forcing a collection costs a pause.
        app.MapGet("/admin/memory", (HttpContext http, SubscriptionTable table) =>
        {
            if (!IsLocal(http))
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            // Read before the forced collection, so that a load generator can diff them per call.
            var allocatedBytes = GC.GetTotalAllocatedBytes();
            int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            return Results.Json(new
            {
                subscriptions = table.Count,
                managedBytes = GC.GetTotalMemory(forceFullCollection: false),
                gcHeapBytes = GC.GetGCMemoryInfo().HeapSizeBytes,
                workingSetBytes = process.WorkingSet64,
                serverGc = System.Runtime.GCSettings.IsServerGC,
                allocatedBytes,
                collections,
            });
        });

        // "What would this alias do?": every rule's verdict in order, and whether a service answers first.
        app.MapGet("/admin/rules/explain", (HttpContext http, string alias, RoutingRuleSet rules, ContactDirectory directory) =>
        {
            if (!IsLocal(http))
            {
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            var explanation = rules.Explain(alias);
            var service = Sip.Messages.SipUri.TryParse("sip:" + ContactDirectory.NormalizeAlias(alias), out var uri) ? directory.Resolve(uri) : null;
            return Results.Json(new
            {
                alias,
                answeredBy = service is null ? "nothing (404)" : service.Kind == ContactKind.Gateway ? $"rule {service.RuleName}" : $"service {service.DisplayName}",
                outcome = explanation.Outcome.ToString(),
                rules = explanation.Rules.Select(t => new { name = t.Rule.Name, t.Enabled, t.Matched, t.TimedOut, t.Destination, winner = t.IsWinner }),
            });
        });
        return app;
    }

    private static bool IsLocal(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } ip && System.Net.IPAddress.IsLoopback(ip);
}
