using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Core;

/// <summary>The abuse limits of <c>Sip:Limits</c>: defaults pass, and a value out of range is named by its full key.</summary>
public sealed class SipLimitsValidationTests
{
    [Fact]
    public void Defaults_are_inside_their_ranges()
    {
        Assert.True(Validate(new SipLimits()).Count == 0);
        Assert.All(SipLimits.Ranges, r => Assert.InRange(r.Value(new SipLimits()), r.Min, r.Max));
        Assert.All(SipLimits.DurationRanges, r => Assert.InRange(r.Value(new SipLimits()), r.Min, r.Max));
    }

    [Theory]
    [InlineData(nameof(SipLimits.MaxConnections), 0)]
    [InlineData(nameof(SipLimits.MaxOutboundConnections), 0)]
    [InlineData(nameof(SipLimits.MaxOutboundConnectionsPerAddress), 0)]
    [InlineData(nameof(SipLimits.MaxQueuedBytesPerConnection), 1024)]
    [InlineData(nameof(SipLimits.AmplificationFactor), 0)]
    [InlineData(nameof(SipLimits.AmplificationFactor), 101)]
    [InlineData(nameof(SipLimits.MaxTrackedAddresses), 10)]
    [InlineData(nameof(SipLimits.MalformedResponseBurst), 0)]
    public void Integer_out_of_range_is_named_by_its_full_key(string key, int value)
    {
        var limits = new SipLimits();
        typeof(SipLimits).GetProperty(key)!.SetValue(limits, value);

        Assert.Contains(Validate(limits), f => f.StartsWith($"Sip:Limits:{key}: {value} must be between", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(nameof(SipLimits.ConnectTimeout), "00:00:00")]
    [InlineData(nameof(SipLimits.WriteTimeout), "00:00:00.5000000")]
    [InlineData(nameof(SipLimits.MessageTimeout), "02:00:00")]
    [InlineData(nameof(SipLimits.MalformedResponseInterval), "00:00:00")]
    [InlineData(nameof(SipLimits.LogSampleInterval), "-00:00:01")]
    public void Duration_out_of_range_is_named_by_its_full_key(string key, string value)
    {
        var limits = new SipLimits();
        typeof(SipLimits).GetProperty(key)!.SetValue(limits, TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Contains(Validate(limits), f => f.StartsWith($"Sip:Limits:{key}: {value} must be between", StringComparison.Ordinal));
    }

    private static List<string> Validate(SipLimits limits) =>
        new SipStackOptionsValidator().Validate(null, new SipStackOptions
        {
            Listeners = [new SipListenerOptions { Protocol = TransportProtocol.Udp, Address = "127.0.0.1", Port = 5060 }],
            Domains = ["example.com"],
            Limits = limits,
        }).Failures?.ToList() ?? [];
}
