using Microsoft.Extensions.Configuration;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Core;

/// <summary>Sip:TrustedPeers, Sip:RateLimits and Sip:Transactions: defaults, binding and validation by full key.</summary>
public sealed class AbuseOptionsTests
{
    private static readonly SipListenerOptions s_udp = new() { Protocol = TransportProtocol.Udp, Address = "127.0.0.1", Port = 5060 };

    [Fact]
    public void Defaults_are_valid()
    {
        var options = new SipStackOptions { Listeners = [s_udp], Domains = ["example.com"] };

        Assert.Empty(options.TrustedPeers.Networks);
        Assert.Equal(20, options.RateLimits.PerSecond);
        Assert.Equal(500, options.RateLimits.Burst);
        Assert.Equal(2_000, options.RateLimits.TrustedPerSecond);
        Assert.Equal(20_000, options.RateLimits.TrustedBurst);
        Assert.Equal(100_000, options.RateLimits.MaxTrackedSources);
        Assert.Equal(64L << 20, options.Transactions.MaxCompletedBytes);
        Assert.True(new SipStackOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void The_new_keys_bind_from_the_sip_section()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sip:TrustedPeers:Networks:0"] = "10.1.0.0/16",
                ["Sip:TrustedPeers:Networks:1"] = "2001:db8::/48",
                ["Sip:TrustedPeers:Networks:2"] = "192.0.2.10",
                ["Sip:RateLimits:PerSecond"] = "5",
                ["Sip:RateLimits:Burst"] = "10",
                ["Sip:RateLimits:TrustedPerSecond"] = "500",
                ["Sip:RateLimits:TrustedBurst"] = "5000",
                ["Sip:RateLimits:MaxTrackedSources"] = "1000",
                ["Sip:Transactions:MaxCompletedBytes"] = "134217728",
            })
            .Build();

        var options = configuration.GetSection("Sip").Get<SipStackOptions>()!;

        Assert.Equal(["10.1.0.0/16", "2001:db8::/48", "192.0.2.10"], options.TrustedPeers.Networks);
        Assert.Equal(new SipRateLimitOptions { PerSecond = 5, Burst = 10, TrustedPerSecond = 500, TrustedBurst = 5000, MaxTrackedSources = 1000 }, options.RateLimits);
        Assert.Equal(128L << 20, options.Transactions.MaxCompletedBytes);
    }

    [Fact]
    public void Every_bad_value_is_named_by_its_full_key()
    {
        var options = new SipStackOptions
        {
            Listeners = [s_udp],
            Domains = ["example.com"],
            TrustedPeers = new SipTrustedPeersOptions { Networks = ["10.1.0.0/16", "10.1.0.1/16", "fe80::/200", "front-end.example", ""] },
            RateLimits = new SipRateLimitOptions { PerSecond = 0, Burst = -1, TrustedPerSecond = 2_000_000, TrustedBurst = 0, MaxTrackedSources = 10 },
            Transactions = new SipTransactionOptions { MaxCompletedBytes = 1000 },
        };

        var failures = new SipStackOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.DoesNotContain(failures, f => f.StartsWith("Sip:TrustedPeers:Networks:0:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:TrustedPeers:Networks:1: '10.1.0.1/16'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:TrustedPeers:Networks:2:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:TrustedPeers:Networks:3:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:TrustedPeers:Networks:4:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:RateLimits:PerSecond: 0", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:RateLimits:Burst: -1", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:RateLimits:TrustedPerSecond: 2000000", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:RateLimits:TrustedBurst: 0", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:RateLimits:MaxTrackedSources: 10", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Transactions:MaxCompletedBytes: 1000", StringComparison.Ordinal));
        Assert.Equal(10, failures.Count);
    }

    [Fact]
    public void A_budget_past_4_gib_is_refused()
    {
        var options = new SipStackOptions { Listeners = [s_udp], Domains = ["example.com"], Transactions = new SipTransactionOptions { MaxCompletedBytes = (4L << 30) + 1 } };

        var failure = Assert.Single(new SipStackOptionsValidator().Validate(null, options).Failures!);

        Assert.StartsWith("Sip:Transactions:MaxCompletedBytes:", failure, StringComparison.Ordinal);
    }
}
