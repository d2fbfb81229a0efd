using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

public sealed class TransportProtocolTests
{
    [Theory]
    [InlineData("sip", null, null)]
    [InlineData("sip", "UDP", TransportProtocol.Udp)]
    [InlineData("sip", "tcp", TransportProtocol.Tcp)]
    [InlineData("sip", "TLS", TransportProtocol.Tls)]
    [InlineData("sips", null, TransportProtocol.Tls)]
    [InlineData("sips", "tcp", TransportProtocol.Tls)]
    [InlineData("sips", "tls", TransportProtocol.Tls)]
    public void Uri_scheme_and_transport_pick_the_protocol(string scheme, string? transport, TransportProtocol? expected)
    {
        Assert.True(TransportProtocolExtensions.TryParseUriTransport(scheme, transport, out var protocol));
        Assert.Equal(expected, protocol);
    }

    [Theory]
    [InlineData("sips", "udp")]
    [InlineData("sip", "ws")]
    [InlineData("sip", "sctp")]
    [InlineData("tel", null)]
    public void Transports_we_do_not_run_are_refused(string scheme, string? transport) =>
        Assert.False(TransportProtocolExtensions.TryParseUriTransport(scheme, transport, out _));

    [Theory]
    [InlineData(TransportProtocol.Udp, 5060, "UDP")]
    [InlineData(TransportProtocol.Tcp, 5060, "TCP")]
    [InlineData(TransportProtocol.Tls, 5061, "TLS")]
    public void Default_ports_and_via_tokens_are_rfc_3261s(TransportProtocol protocol, int port, string token)
    {
        Assert.Equal(port, protocol.DefaultPort());
        Assert.Equal(token, protocol.ViaToken());
        Assert.Equal(port, new SipListenerOptions { Protocol = protocol }.PortOrDefault);
    }
}
