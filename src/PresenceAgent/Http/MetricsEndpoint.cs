using Prometheus;
using PresenceAgent.Telemetry;

namespace PresenceAgent.Http;

/// <summary>
/// <c>GET /metrics</c>: the Prometheus exposition (text 0.0.4, or OpenMetrics when the scraper asks for it), behind
/// the admin rule (<see cref="AdminAccess"/>): the counts name the routing rules and show the load, which is the
/// admin's to see, and a scraper sends the admin token as a bearer token, as Prometheus can.
/// </summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder app)
    {
        var access = AdminAccess.For(app.ServiceProvider.GetRequiredService<HttpOptions>());
        var export = app.ServiceProvider.GetRequiredService<PrometheusExport>();
        var pipeline = app.CreateApplicationBuilder()
            .Use(next => context => access.Refusal(context) is { } refusal ? refusal.ExecuteAsync(context) : next(context))
            .UseMetricServer(settings => settings.Registry = export.Registry, url: null)
            .Build();
        app.MapGet(Path, pipeline).WithDisplayName("Prometheus metrics");
        return app;
    }
}
