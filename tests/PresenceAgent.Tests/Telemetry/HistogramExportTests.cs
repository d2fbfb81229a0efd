using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PresenceAgent.Telemetry;

namespace PresenceAgent.Tests.Telemetry;

/// <summary>The agent's histograms reach /metrics natively, bucket by bucket, and only the agent's own.</summary>
public sealed class HistogramExportTests : IAsyncDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    [Fact]
    public async Task A_histogram_of_the_agent_is_exported_with_its_buckets_sum_and_count()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        using var export = new PrometheusExport(meters);
        var histogram = AgentMeter.From(meters).CreateHistogram("test.delay.seconds", "s", "A delay.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.01, 1] });

        histogram.Record(0.0005);
        histogram.Record(0.005);
        histogram.Record(0.005);
        histogram.Record(5);

        var text = await ScrapeAsync(export);
        Assert.Contains("# TYPE presenceagent_test_delay_seconds histogram", text);
        Assert.Contains("# HELP presenceagent_test_delay_seconds A delay.", text);
        Assert.Contains("presenceagent_test_delay_seconds_bucket{le=\"0.001\"} 1", text);
        Assert.Contains("presenceagent_test_delay_seconds_bucket{le=\"0.01\"} 3", text);
        Assert.Contains("presenceagent_test_delay_seconds_bucket{le=\"1\"} 3", text);
        Assert.Contains("presenceagent_test_delay_seconds_bucket{le=\"+Inf\"} 4", text);
        Assert.Contains("presenceagent_test_delay_seconds_count 4", text);
        Assert.Contains("presenceagent_test_delay_seconds_sum 5.0105", text);
    }

    [Fact]
    public async Task A_histogram_of_another_host_or_meter_is_not()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        using var export = new PrometheusExport(meters);
        await using var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        AgentMeter.From(other.GetRequiredService<IMeterFactory>()).CreateHistogram<double>("elsewhere.seconds").Record(1);
        meters.Create("Unrelated").CreateHistogram<double>("unrelated.seconds").Record(1);

        var text = await ScrapeAsync(export);
        Assert.DoesNotContain("elsewhere", text);
        Assert.DoesNotContain("unrelated", text);
    }

    [Theory]
    [InlineData("PresenceAgent", "notify.delay.seconds", "presenceagent_notify_delay_seconds")]
    [InlineData("PresenceAgent.Sip", "tls-handshake.seconds", "presenceagent_sip_tls_handshake_seconds")]
    public void Names_follow_the_meter_adapter(string meter, string instrument, string expected)
    {
        using var m = new Meter(meter);
        Assert.Equal(expected, HistogramExport.PrometheusName(m.CreateHistogram<double>(instrument)));
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private static async Task<string> ScrapeAsync(PrometheusExport export)
    {
        using var stream = new MemoryStream();
        await export.Registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
