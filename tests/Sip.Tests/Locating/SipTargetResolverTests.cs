using System.Net;
using System.Net.Sockets;
using PresenceAgent.Sip.Locating;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Locating;

/// <summary>What the resolver answers without asking DNS, and how it fails when DNS cannot answer.</summary>
public sealed class SipTargetResolverTests : IDisposable
{
    private readonly TestLogs _logs = new();
    private readonly ManualTimeProvider _time = new();

    // The only DNS server these tests know: a UDP socket that never answers, so every question times out and nothing
    // reaches a real resolver.
    private readonly Socket _silentServer = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public SipTargetResolverTests() => _silentServer.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public void Dispose() => _silentServer.Dispose();

    [Theory]
    [InlineData("fe01.test")]
    [InlineData("Fe01.TEST")]
    [InlineData("fe01.test.")]
    public async Task Static_host_answers_without_dns_ignoring_case_and_the_root_dot(string host)
    {
        var targets = await Resolver().ResolveAsync(host, null, TransportProtocol.Tls, CancellationToken.None);

        Assert.Equal(new SipTarget(TransportProtocol.Tls, new IPEndPoint(IPAddress.Loopback, 5061)), Assert.Single(targets));
    }

    [Fact]
    public async Task Static_host_without_a_transport_is_udp()
    {
        var targets = await Resolver().ResolveAsync("fe01.test", null, null, CancellationToken.None);

        Assert.Equal(new SipTarget(TransportProtocol.Udp, new IPEndPoint(IPAddress.Loopback, 5060)), Assert.Single(targets));
    }

    [Fact]
    public async Task Uri_port_wins_over_the_default()
    {
        var targets = await Resolver().ResolveAsync("fe6.test", 5071, TransportProtocol.Tcp, CancellationToken.None);

        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 5071), Assert.Single(targets).EndPoint);
    }

    [Theory]
    [InlineData(null, TransportProtocol.Udp, 5060)]
    [InlineData(TransportProtocol.Tcp, TransportProtocol.Tcp, 5060)]
    [InlineData(TransportProtocol.Tls, TransportProtocol.Tls, 5061)]
    public async Task Literal_without_a_port_gets_the_transports_default(TransportProtocol? transport, TransportProtocol expected, int port)
    {
        var targets = await Resolver().ResolveAsync("192.0.2.7", null, transport, CancellationToken.None);

        Assert.Equal(new SipTarget(expected, new IPEndPoint(IPAddress.Parse("192.0.2.7"), port)), Assert.Single(targets));
    }

    [Fact]
    public async Task Bracketed_ipv6_literal_is_used_as_it_is()
    {
        var targets = await Resolver().ResolveAsync("[2001:db8::5]", 5070, TransportProtocol.Udp, CancellationToken.None);

        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::5"), 5070), Assert.Single(targets).EndPoint);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST.")]
    [InlineData("agent.localhost")]
    public async Task Localhost_names_are_loopback_without_dns(string host)
    {
        var targets = await Resolver().ResolveAsync(host, 5070, TransportProtocol.Tcp, CancellationToken.None);

        Assert.Equal(
            [new SipTarget(TransportProtocol.Tcp, new IPEndPoint(IPAddress.Loopback, 5070)), new SipTarget(TransportProtocol.Tcp, new IPEndPoint(IPAddress.IPv6Loopback, 5070))],
            targets);
        Assert.DoesNotContain(_logs.Entries, e => e.EventId.Id == 1031);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a..b.test")]
    [InlineData("-")]
    public async Task A_name_dns_cannot_take_yields_nothing_and_a_logged_reason(string host)
    {
        var targets = await Resolver().ResolveAsync(host, null, null, CancellationToken.None);

        Assert.Empty(targets);
        Assert.True(_logs.Has(1031));
        _logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task A_very_long_name_yields_nothing_and_a_logged_reason()
    {
        var targets = await Resolver().ResolveAsync(string.Join('.', Enumerable.Repeat(new string('a', 60), 6)), 5060, null, CancellationToken.None);

        Assert.Empty(targets);
        Assert.True(_logs.Has(1031));
    }

    [Fact]
    public async Task A_server_that_does_not_answer_yields_nothing_and_a_logged_reason()
    {
        var resolver = Resolver();

        var targets = await resolver.ResolveAsync("fe99.test", null, null, CancellationToken.None).AsTask().WaitAsync(Timeouts.HangGuard);

        Assert.Empty(targets);
        var reason = Assert.Single(_logs.Entries, e => e.EventId.Id == 1031);
        Assert.Contains("fe99.test", reason.Message, StringComparison.Ordinal);
        _logs.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Cancelled_lookup_yields_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var targets = await Resolver().ResolveAsync("fe98.test", null, null, cancelled.Token);

        Assert.Empty(targets);
    }

    private SipTargetResolver Resolver() => new(
        new SipDnsOptions
        {
            Servers = [SipRequests.SentBy((IPEndPoint)_silentServer.LocalEndPoint!)],
            Timeout = TimeSpan.FromMilliseconds(200),
            Retries = 0,
        },
        new Dictionary<string, IPAddress> { ["FE01.test"] = IPAddress.Loopback, ["fe6.test"] = IPAddress.IPv6Loopback },
        _time,
        _logs.CreateLogger("resolver"));
}
