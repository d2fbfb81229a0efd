using System.Diagnostics.Metrics;
using System.Text;
using Prometheus;

namespace PresenceAgent.Telemetry;

/// <summary>
/// The agent's histograms as native prometheus-net histograms, fed by a listener of our own. prometheus-net's meter
/// adapter looks up a label context for every measurement, which cost a tenth of the fan-out thread when the NOTIFY
/// delay is recorded once per NOTIFY (bench/RESULTS.md); here a measurement is a delegate call and three atomic adds.
/// The agent's histograms carry no tags, so each is one series.
/// </summary>
internal sealed class HistogramExport : IDisposable
{
    private readonly MeterListener _listener = new();

    public HistogramExport(IMeterFactory meters, CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (IsExported(instrument, meters))
            {
                listener.EnableMeasurementEvents(instrument, factory.CreateHistogram(PrometheusName(instrument), instrument.Description ?? instrument.Name,
                    new HistogramConfiguration { Buckets = ((Histogram<double>)instrument).Advice?.HistogramBucketBoundaries?.ToArray() }));
            }
        };
        _listener.SetMeasurementEventCallback<double>(static (_, value, _, state) => ((Prometheus.Histogram)state!).Observe(value));
        _listener.Start();
    }

    /// <summary>A histogram of the agent's own meters: exported here, and so kept from the meter adapter.</summary>
    public static bool IsExported(Instrument instrument, IMeterFactory meters) =>
        instrument is Histogram<double> && ReferenceEquals(instrument.Meter.Scope, meters) &&
        instrument.Meter.Name.StartsWith(AgentMeter.Name, StringComparison.Ordinal);

    /// <summary>As the meter adapter names its metrics: meter and instrument name, lower case, anything else an underscore.</summary>
    internal static string PrometheusName(Instrument instrument)
    {
        var name = new StringBuilder($"{instrument.Meter.Name}_{instrument.Name}".ToLowerInvariant());
        for (var i = 0; i < name.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(name[i]))
            {
                name[i] = '_';
            }
        }

        return name.ToString();
    }

    public void Dispose() => _listener.Dispose();
}
