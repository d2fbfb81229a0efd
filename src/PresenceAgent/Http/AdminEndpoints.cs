using System.Text.Json;
using System.Text.Json.Serialization;
using PresenceAgent.Diagnostics;
using PresenceAgent.RoutingRules;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Http;

/// <summary>
/// The admin views: the routing rules, what the agent does with an alias, and memory. Behind <see cref="AdminAccess"/>:
/// they describe the internal dial plan, and a forced collection costs a pause.
/// </summary>
internal static class AdminEndpoints
{
    // Relaxed escaping keeps the documents' XML and an alias's '+' readable in curl's output; the response is
    // application/json to an admin, never embedded in HTML.
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var http = app.ServiceProvider.GetRequiredService<HttpOptions>();
        var access = AdminAccess.For(http);
        if (access.Mode == AdminAccessMode.Disabled)
        {
            app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminEndpoints).FullName!).AdminDisabled(http.Urls);
        }

        var admin = app.MapGroup("/admin").AddEndpointFilter(async (context, next) =>
            access.Refusal(context.HttpContext) ?? await next(context));

        admin.MapGet("/rules", (RoutingRuleSet rules) => Results.Json(new
        {
            rules = rules.Rules.Select(r => new { r.Name, r.Priority, r.Enabled, engine = r.Engine.ToString(), match = r.Definition.Match, replace = r.Definition.Replace }),
            lint = rules.Lint().Select(w => new { w.RuleName, severity = w.Severity.ToString(), code = w.Code.ToString(), w.Message }),
            timeouts = rules.Timeouts,
        }));

        // The alias is read from the raw query: a form decoder turns the '+' of an E.164 alias typed as shown
        // (?alias=+4420…) into a space, and no alias contains a space.
        admin.MapGet("/rules/explain", (HttpContext http, AliasExplainer explainer) =>
            RawQueryValue(http.Request.QueryString.Value, "alias") is { Length: > 0 } alias
                ? Results.Json(explainer.Explain(alias), s_json)
                : Results.BadRequest(new { error = "give the alias: /admin/rules/explain?alias=user@host" }));

        // Memory per subscription as the GC sees it. Reading costs nothing; ?collect=true first forces a full, compacting
        // collection (a pause), at most once a second, so live bytes can be read after load.
        admin.MapGet("/memory", (HttpContext http, SubscriptionTable table, ForcedCollections collections) =>
        {
            // Read before any forced collection, so that a load generator can diff them per call.
            var allocatedBytes = GC.GetTotalAllocatedBytes();
            int[] counts = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
            var pauseMs = GC.GetTotalPauseDuration().TotalMilliseconds;
            var collect = RawQueryValue(http.Request.QueryString.Value, "collect") is "true" or "1";
            if (collect && !collections.TryCollect(out var retryAfter))
            {
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.StatusCode(StatusCodes.Status429TooManyRequests);
            }

            using var process = System.Diagnostics.Process.GetCurrentProcess();
            var memory = GC.GetGCMemoryInfo();
            return Results.Json(new
            {
                subscriptions = table.Count,
                collected = collect,
                // What the last collection left live (after collect=true, a full compacting one): the heap less its
                // free space. GC.GetTotalMemory went negative on .NET 10's regions, which made bench baselines drift.
                managedBytes = memory.HeapSizeBytes - memory.FragmentedBytes,
                gcHeapBytes = memory.HeapSizeBytes,
                workingSetBytes = process.WorkingSet64,
                serverGc = System.Runtime.GCSettings.IsServerGC,
                allocatedBytes,
                collections = counts,
                gcPauseMs = pauseMs,
            });
        });
        return app;
    }

    /// <summary>The %-decoded value of <paramref name="key"/> in a raw query string (<c>?a=1&amp;b=2</c>), or null.</summary>
    internal static string? RawQueryValue(string? query, string key)
    {
        foreach (var pair in (query ?? "").TrimStart('?').Split('&'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair.AsSpan(0, eq).Equals(key, StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    return Uri.UnescapeDataString(pair[(eq + 1)..]);
                }
                catch (UriFormatException)
                {
                    return null;
                }
            }
        }

        return null;
    }
}
