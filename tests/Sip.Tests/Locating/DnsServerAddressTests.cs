using System.Net;
using PresenceAgent.Sip.Locating;

namespace PresenceAgent.Sip.Tests.Locating;

public sealed class DnsServerAddressTests
{
    [Theory]
    [InlineData("192.0.2.53", "192.0.2.53", 53)]
    [InlineData("192.0.2.53:5353", "192.0.2.53", 5353)]
    [InlineData("2001:db8::53", "2001:db8::53", 53)]
    [InlineData("[2001:db8::53]", "2001:db8::53", 53)]
    [InlineData("[2001:db8::53]:5353", "2001:db8::53", 5353)]
    public void Address_with_or_without_a_port_is_read(string text, string address, int port)
    {
        Assert.True(DnsServerAddress.TryParse(text, out var endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), endPoint);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("dns.example.com")]
    [InlineData("192.0.2.53:0")]
    [InlineData("192.0.2.53:65536")]
    [InlineData("192.0.2.53:")]
    [InlineData("192.0.2.53:x")]
    [InlineData("[2001:db8::53]5353")]
    [InlineData("[2001:db8::53")]
    public void Anything_else_is_refused(string? text) => Assert.False(DnsServerAddress.TryParse(text, out _));
}
