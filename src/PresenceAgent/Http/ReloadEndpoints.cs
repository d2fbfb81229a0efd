using PresenceAgent.Reload;

namespace PresenceAgent.Http;

/// <summary>
/// <c>POST /admin/reload</c>: reads the configuration again and applies it if it is valid, as a save or SIGHUP would,
/// behind the admin rule (<see cref="AdminAccess"/>). 200 with the outcome (applied or unchanged, and the keys that
/// wait for a restart); 422 with a problem document naming every error by its key when the change is refused, and
/// the running configuration stays.
/// </summary>
internal static class ReloadEndpoints
{
    public static IEndpointRouteBuilder MapReloadEndpoints(this IEndpointRouteBuilder app)
    {
        var access = AdminAccess.For(app.ServiceProvider.GetRequiredService<HttpOptions>());
        app.MapPost("/admin/reload", async (IConfigurationReloader reloader) =>
        {
            var report = await reloader.ReloadAsync(ReloadTrigger.Admin).ConfigureAwait(false);
            return report.Result == ReloadResult.Rejected ? Rejected(report) : Results.Json(View(report));
        }).AddEndpointFilter(async (context, next) => access.Refusal(context.HttpContext) ?? await next(context));
        return app;
    }

    /// <summary>A report as JSON: the same shape <c>/admin/reload</c> answers and the dashboard shows.</summary>
    internal static object View(ReloadReport report) => new
    {
        result = ReloadNames.Of(report.Result),
        time = report.Time,
        trigger = ReloadNames.Of(report.Trigger),
        errors = report.Errors,
        restartRequired = report.RestartRequired,
        servicesAdded = report.ServicesAdded,
        servicesRemoved = report.ServicesRemoved,
        servicesChanged = report.ServicesChanged,
        notified = report.Notified,
        terminated = report.Terminated,
    };

    /// <summary>RFC 9457 with <c>errors</c> by key, as the API's validation problems (<see cref="ApiProblems"/>).</summary>
    private static IResult Rejected(ReloadReport report)
    {
        var errors = report.Errors
            .GroupBy(ReloadReport.KeyOf, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        return TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "The configuration was not reloaded.",
            Detail = $"{report.Errors.Count} error(s); the running configuration stays. Fix each in the configuration and reload again.",
        });
    }
}
