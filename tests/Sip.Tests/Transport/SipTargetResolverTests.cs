using System.Net;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

public sealed class SipTargetResolverTests
{
    private readonly SipTargetResolver _resolver = new(
        new TestLogs().CreateLogger("resolver"),
        new Dictionary<string, IPAddress> { ["FE01.test"] = IPAddress.Loopback, ["fe6.test"] = IPAddress.IPv6Loopback });

    [Theory]
    [InlineData("fe01.test")]
    [InlineData("Fe01.TEST")]
    [InlineData("fe01.test.")]
    public async Task Static_host_answers_without_dns_ignoring_case_and_the_root_dot(string host)
    {
        var targets = await _resolver.ResolveAsync(host, null, TransportProtocol.Tls, CancellationToken.None);

        Assert.Equal(new SipTarget(TransportProtocol.Tls, new IPEndPoint(IPAddress.Loopback, 5061)), Assert.Single(targets));
    }

    [Fact]
    public async Task Uri_port_wins_over_the_default()
    {
        var targets = await _resolver.ResolveAsync("fe6.test", 5071, TransportProtocol.Tcp, CancellationToken.None);

        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 5071), Assert.Single(targets).EndPoint);
    }

    [Theory]
    [InlineData(TransportProtocol.Udp, 5060)]
    [InlineData(TransportProtocol.Tls, 5061)]
    public async Task Literal_without_a_port_gets_the_protocols_default(TransportProtocol protocol, int port)
    {
        var targets = await _resolver.ResolveAsync("192.0.2.7", null, protocol, CancellationToken.None);

        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.7"), port), Assert.Single(targets).EndPoint);
    }
}
