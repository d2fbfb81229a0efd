using System.Diagnostics.Metrics;
using PresenceAgent.Reload;

namespace PresenceAgent.Telemetry;

/// <summary>Configuration reloads by result (<see cref="ReloadReports"/>'s counts), read when a scrape asks.</summary>
internal static class ReloadInstruments
{
    public static void Publish(IMeterFactory meters, ReloadReports status) =>
        AgentMeter.From(meters).CreateObservableCounter("reloads.total", () => Observe(status), "{reload}",
            "Configuration reloads (a watched file changed, SIGHUP, POST /admin/reload), by result: applied, rejected (errors; the running configuration stays), unchanged.");

    // Every result from the start, at 0, so the first rejected reload shows in increase().
    internal static IEnumerable<Measurement<long>> Observe(ReloadReports status) =>
        Enum.GetValues<ReloadResult>().Select(r => new Measurement<long>(status.Count(r), new KeyValuePair<string, object?>("result", ReloadNames.Of(r))));
}
