using System.Net;
using System.Text;
using PresenceAgent.Sip.Locating;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Locating;

/// <summary>The next hop kept for Request-URIs that differ only where location does not look.</summary>
public sealed class LastLiteralHopTests
{
    private static readonly SipTarget Watchers = new(TransportProtocol.Udp, new IPEndPoint(IPAddress.Parse("192.0.2.5"), 5090));

    [Theory]
    [InlineData("sip:w2@192.0.2.5:5090")]
    [InlineData("sip:w3@192.0.2.5:5090;ob")]
    [InlineData("SIP:other@192.0.2.5:5090")]
    [InlineData("sip:192.0.2.5:5090")]
    public void Another_user_at_the_same_address_port_and_transport_gets_the_kept_hop(string uri)
    {
        var cache = Remembering("sip:w1@192.0.2.5:5090");

        Assert.True(cache.TryGet(Encoding.UTF8.GetBytes(uri), out var hop));
        Assert.Equal([Watchers], hop.Targets);
    }

    [Theory]
    [InlineData("sip:w1@192.0.2.6:5090")]
    [InlineData("sip:w1@192.0.2.5:5091")]
    [InlineData("sip:w1@192.0.2.5")]
    [InlineData("sip:w1@192.0.2.5:5090;transport=tcp")]
    [InlineData("sips:w1@192.0.2.5:5090")]
    [InlineData("tel:+15551234")]
    [InlineData("sip:w1@192.0.2.5:5090;transport")]
    public void A_uri_differing_in_scheme_host_port_or_transport_is_located_afresh(string uri)
    {
        var cache = Remembering("sip:w1@192.0.2.5:5090");

        Assert.False(cache.TryGet(Encoding.UTF8.GetBytes(uri), out _));
    }

    [Fact]
    public void The_transport_parameter_matches_without_regard_to_case()
    {
        var cache = Remembering("sip:w1@192.0.2.5:5090;transport=udp");

        Assert.True(cache.TryGet("sip:w9@192.0.2.5:5090;transport=UDP"u8, out _));
        Assert.False(cache.TryGet("sip:w9@192.0.2.5:5090"u8, out _));
    }

    [Fact]
    public void A_host_name_is_not_kept_since_its_answer_has_a_lifetime()
    {
        var cache = Remembering("sip:w1@watchers.example.com:5090");

        Assert.False(cache.TryGet("sip:w1@watchers.example.com:5090"u8, out _));
    }

    [Fact]
    public void A_hop_without_targets_is_not_kept_so_each_request_is_located_and_logged()
    {
        var cache = new LastLiteralHop();
        cache.Remember(new NextHopTargets(Uri("sip:w1@192.0.2.5:5090"), []));

        Assert.False(cache.TryGet("sip:w1@192.0.2.5:5090"u8, out _));
    }

    [Fact]
    public void Only_the_last_hop_is_kept()
    {
        var cache = Remembering("sip:w1@192.0.2.5:5090");
        cache.Remember(new NextHopTargets(Uri("sip:w1@[2001:db8::1]:5090"), [Watchers with { EndPoint = new IPEndPoint(IPAddress.Parse("2001:db8::1"), 5090) }]));

        Assert.False(cache.TryGet("sip:w1@192.0.2.5:5090"u8, out _));
        Assert.True(cache.TryGet("sip:w2@[2001:DB8::1]:5090"u8, out _));
    }

    private static LastLiteralHop Remembering(string uri)
    {
        var cache = new LastLiteralHop();
        cache.Remember(new NextHopTargets(Uri(uri), [Watchers]));
        return cache;
    }

    private static SipUri Uri(string text) => SipUri.TryParse(text, out var uri) ? uri : throw new ArgumentException(text);
}
