using System.Net;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

public sealed class ViaStamperTests
{
    private static readonly IPEndPoint s_source = new(IPAddress.Parse("192.0.2.7"), 40123);

    [Fact]
    public void Same_address_without_rport_is_left_alone()
    {
        var request = Build.Request("OPTIONS", via: "SIP/2.0/UDP 192.0.2.7:5060");
        var before = request.Headers.GetFirst(HeaderKind.Via);

        ViaStamper.Stamp(request, s_source);

        Assert.Same(before, request.Headers.GetFirst(HeaderKind.Via));
    }

    [Fact]
    public void Other_host_gets_received()
    {
        var request = Build.Request("OPTIONS", via: "SIP/2.0/UDP phone.example.org:5060");

        ViaStamper.Stamp(request, s_source);

        Assert.Equal("192.0.2.7", request.TopVia!.Received);
        Assert.False(request.TopVia.HasRPort);
    }

    [Fact]
    public void Valueless_rport_gets_the_source_port_and_received_even_for_the_same_address()
    {
        var request = Build.Request("OPTIONS", via: "SIP/2.0/UDP 192.0.2.7:5060;rport");

        ViaStamper.Stamp(request, s_source);

        Assert.Equal(40123, request.TopVia!.RPort);
        Assert.Equal("192.0.2.7", request.TopVia.Received);
    }

    [Fact]
    public void Only_the_top_via_of_a_combined_field_changes()
    {
        var request = Build.Request("OPTIONS", via: "SIP/2.0/UDP a.example:5060;rport");
        request.Headers.Replace(0, request.Headers[0].Value + ", SIP/2.0/TCP b.example;branch=z9hG4bKlower;ms-received-cid=AB");

        ViaStamper.Stamp(request, s_source);

        var vias = request.Vias.ToList();
        Assert.Equal(2, vias.Count);
        Assert.Equal(40123, vias[0].RPort);
        Assert.Null(vias[1].Received);
        Assert.Equal("AB", vias[1].Parameters.Get("ms-received-cid"));
    }

    [Fact]
    public void Ipv4_mapped_source_is_written_as_ipv4()
    {
        var request = Build.Request("OPTIONS", via: "SIP/2.0/UDP x.example");

        ViaStamper.Stamp(request, new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.7"), 5060));

        Assert.Equal("192.0.2.7", request.TopVia!.Received);
    }

    [Theory]
    [InlineData("SIP/2.0/UDP [2001:db8::7]:5060;branch=z9hG4bKv6")]
    [InlineData("SIP/2.0/UDP [2001:DB8:0:0::7]:5060;branch=z9hG4bKv6")]
    public void Same_ipv6_address_in_any_spelling_is_left_alone(string via)
    {
        // The first spelling is told from the bytes; the second only by parsing the address, which the slow path does.
        var request = Build.Request("OPTIONS", via: via);
        var before = request.Headers.GetFirst(HeaderKind.Via);

        ViaStamper.Stamp(request, new IPEndPoint(IPAddress.Parse("2001:db8::7"), 5060));

        Assert.Same(before, request.Headers.GetFirst(HeaderKind.Via));
    }

    [Fact]
    public void A_host_that_only_starts_like_the_source_gets_received()
    {
        var request = Build.Request("OPTIONS", via: "SIP/2.0/UDP 192.0.2.70:5060");

        ViaStamper.Stamp(request, s_source);

        Assert.Equal("192.0.2.7", request.TopVia!.Received);
    }

    [Fact]
    public void Rport_with_a_value_is_not_asked_for_again()
    {
        var request = Build.Request("OPTIONS", via: "SIP/2.0/UDP 192.0.2.7:5060;rport=5060");
        var before = request.Headers.GetFirst(HeaderKind.Via);

        ViaStamper.Stamp(request, s_source);

        Assert.Same(before, request.Headers.GetFirst(HeaderKind.Via));
    }
}
