using System.Diagnostics.Metrics;
using Prometheus;

namespace PresenceAgent.Telemetry;

/// <summary>
/// What <c>/metrics</c> serves: a prometheus-net registry of this host's own, fed by prometheus-net's meter adapter
/// from the agent's meters (<c>PresenceAgent*</c>, created through this host's <see cref="IMeterFactory"/>) and the
/// runtime's <c>System.Runtime</c> meter, plus prometheus-net's process collectors (<c>process_*</c>,
/// <c>dotnet_*</c>). Not the static default registry: two agents in one process (the tests) must not share counts,
/// and the default one would also start an adapter over every meter in the process. ASP.NET Core's own meters are
/// left out: they are about HTTP, which is not what the agent is for. The agent's histograms go through
/// <see cref="HistogramExport"/> instead of the adapter, which is too slow for one measurement per NOTIFY.
/// </summary>
internal sealed class PrometheusExport : IDisposable
{
    private readonly IDisposable _adapter;
    private readonly HistogramExport _histograms;

    public PrometheusExport(IMeterFactory meters)
    {
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        _adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,

            // The adapter writes through MetricFactory, whose default is the static registry's: set it, or nothing reaches ours.
            MetricFactory = Metrics.WithCustomRegistry(Registry),
            InstrumentFilterPredicate = instrument => IsExported(instrument.Meter, meters) && !HistogramExport.IsExported(instrument, meters),
        });
        _histograms = new HistogramExport(meters, Registry);
    }

    public CollectorRegistry Registry { get; }

    internal static bool IsExported(Meter meter, IMeterFactory meters) =>
        (ReferenceEquals(meter.Scope, meters) && meter.Name.StartsWith(AgentMeter.Name, StringComparison.Ordinal)) ||
        meter.Name == "System.Runtime";

    public void Dispose()
    {
        _histograms.Dispose();
        _adapter.Dispose();
    }
}
