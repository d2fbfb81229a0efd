using System.Collections.Frozen;
using Microsoft.AspNetCore.Http.HttpResults;
using PresenceAgent.Diagnostics;
using PresenceAgent.Directory;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Live;
using PresenceAgent.RoutingRules;
using PresenceAgent.Subscriptions;
using PresenceAgent.Themes;
using SipFailure = PresenceAgent.Sip.Messages.SipFailure;

namespace PresenceAgent.Http.AdminConsole;

/// <summary>
/// The admin console: four pages under <c>/admin/</c> (dashboard, services, rule tester, themes) and the JSON views
/// they read under <c>/admin/api/</c>, which the API document describes. Pages and scripts hold no data and are served
/// under the admin rule's network conditions only; the JSON needs the admin token when one is set
/// (<see cref="AdminAccess"/>). Overrides go through the presence API, not through anything of the console's own.
/// </summary>
internal static class AdminConsoleEndpoints
{
    public const string ApiPrefix = "/admin/api";

    /// <summary>The pages, by the path under <c>/admin/</c> that serves each; "" is the dashboard.</summary>
    public static readonly FrozenDictionary<string, string> Pages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [""] = "dashboard.html",
        ["services"] = "services.html",
        ["rule-tester"] = "rule-tester.html",
        ["themes"] = "themes.html",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IEndpointRouteBuilder MapAdminConsole(this IEndpointRouteBuilder app)
    {
        var http = app.ServiceProvider.GetRequiredService<HttpOptions>();
        var logger = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminConsoleEndpoints).FullName!);
        var access = AdminAccess.For(http);
        var assets = ConsoleAssets.Load();
        if (access.Mode != AdminAccessMode.Disabled)
        {
            logger.AdminConsoleServed(http.Urls, access.Mode == AdminAccessMode.Token
                ? "Http:AdminToken, over HTTPS beyond the agent's own host"
                : "clients on the agent's own host only");
        }

        var pages = app.MapGroup(ConsoleHeaders.Prefix).ExcludeFromDescription()
            .AddEndpointFilter(async (context, next) => Refused(logger, access, context.HttpContext, access.PageRefusal(context.HttpContext)) ??
                await next(context).ConfigureAwait(false));
        foreach (var (path, file) in Pages)
        {
            pages.MapGet("/" + path, (HttpContext context) => Page(context, path, assets, file));
        }

        pages.MapGet("/assets/{file}", (string file, HttpContext context) =>
            assets.TryGet(file, out var asset) && !file.EndsWith(".html", StringComparison.Ordinal) ? Serve(context, asset) : Results.NotFound());

        var api = app.MapGroup(ApiPrefix).WithTags("Admin console")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .AddEndpointFilter(async (context, next) =>
            {
                if (Refused(logger, access, context.HttpContext, access.Refusal(context.HttpContext)) is { } refusal)
                {
                    return refusal;
                }

                var result = await next(context).ConfigureAwait(false);
                if (result is ProblemHttpResult problem)
                {
                    ApiPipeline.LogRefused(logger, context.HttpContext, problem);
                }

                return result;
            });

        api.MapGet("/dashboard", (SubscriptionTable table, LivePresence live, ContactDirectory contacts, IReloadStatus reload) =>
                Results.Json(DashboardView.Of(table, live, contacts, reload), ApiJson.Options))
            .WithName("GetAdminDashboard")
            .WithSummary("Subscriptions by format, transport and contact; the newest presence changes; the configuration reload.")
            .Produces<DashboardView>();

        api.MapGet("/services", (ContactDirectory contacts, LivePresence live, SubscriptionTable table, StateCatalogue states, ThemeStore themes) =>
                Results.Json(ServicesView.Of(contacts, live, table, states, themes), ApiJson.Options))
            .WithName("GetAdminServices")
            .WithSummary("Every service with its presence, the source that decided it, its override and watchers; the statuses an override may name.")
            .Produces<ServicesView>();

        // '+' in a query is a space to a form decoder, and no alias has a space: an E.164 alias typed as shown stays one.
        api.MapGet("/rule-test", (string? alias, AliasExplainer explainer, RoutingRuleSet rules) =>
                string.IsNullOrWhiteSpace(alias)
                    ? ApiProblems.Invalid("alias", "give the alias to test: ?alias=user@host, or user in the first of Sip:Domains.")
                    : Results.Json(RuleTestView.Of(explainer.Explain(alias.Trim().Replace(' ', '+')), rules), ApiJson.Options))
            .WithName("TestAlias")
            .WithSummary("Who answers an alias (a service, a rule, nothing), each rule's verdict and time, lint warnings, and the documents a watcher gets.")
            .Produces<RuleTestView>()
            .ProducesValidationProblem();

        api.MapGet("/themes", (ThemeStore themes, ContactDirectory contacts) => Results.Json(ThemesView.Of(themes, contacts), ApiJson.Options))
            .WithName("GetAdminThemes")
            .WithSummary("Every theme with the picture it serves, the last file it could not take in, and the services naming it.")
            .Produces<ThemesView>();
        return app;
    }

    /// <summary>
    /// A page at its one address: the dashboard at <c>/admin/</c>, the others without a trailing slash, so the pages'
    /// relative links (<c>assets/…</c>, <c>api/…</c>, <c>../api/…</c>) resolve alike behind a proxy's path prefix too.
    /// </summary>
    private static IResult Page(HttpContext context, string path, ConsoleAssets assets, string file)
    {
        var requested = context.Request.Path.Value ?? "";
        var canonical = ConsoleHeaders.Prefix + "/" + path;
        if (!string.Equals(requested, canonical, StringComparison.Ordinal))
        {
            return Results.Redirect(context.Request.PathBase + canonical);
        }

        return assets.TryGet(file, out var asset) ? Serve(context, asset) : Results.NotFound();
    }

    private static IResult Serve(HttpContext context, ConsoleAsset asset)
    {
        var headers = context.Response.Headers;
        headers.ETag = asset.ETag;
        // Revalidated on every load (a 304 costs a few bytes), so an upgraded agent's console is what the browser runs.
        headers.CacheControl = "no-cache";
        return EntityTagMatch.IfNoneMatchHits(context.Request.Headers.IfNoneMatch, asset.ETag)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(asset.Bytes, asset.ContentType);
    }

    private static IResult? Refused(ILogger logger, AdminAccess access, HttpContext context, IResult? refusal)
    {
        if (refusal is IStatusCodeHttpResult { StatusCode: { } status })
        {
            logger.AdminRequestRefused(SipFailure.Sanitize(context.Request.Method), SipFailure.Sanitize(context.Request.Path.Value), ApiPipeline.Client(context),
                status, access.Mode, context.Request.Scheme);
        }

        return refusal;
    }
}
